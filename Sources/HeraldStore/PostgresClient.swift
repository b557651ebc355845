import Foundation
import GRDB
import HeraldCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// Herald's connections to a shared PostgreSQL database (issue 17), used synchronously as the store is.
///
/// The store's operations are synchronous and sized to one transaction, on SQLite and PostgreSQL alike; this
/// client blocks the calling thread on postgres-nio's futures (never an event loop thread: those only run NIO).
/// Idle connections are kept for the next transaction; one that failed is closed and never handed out again, so
/// a restarted server or a cut network costs one failed operation, not a stuck daemon.
final class PostgresClient: Sendable {
    let location: PostgresLocation
    private let password: String?
    let logger: Logger
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)

    /// Milliseconds a session may sit inside a transaction without sending anything before the server ends it
    /// (and its locks): a store transaction never waits on anything but the database between two statements.
    static let idleInTransactionTimeout = 5_000

    /// Idle connections kept at most; more are opened when more transactions run at once, and closed after.
    static let keptIdle = 4

    init(location: PostgresLocation, password: String?) {
        self.location = location
        self.password = password
        var logger = Logger(label: "herald.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        for connection in idle.withLock({ $0 }) { connection.closeSoon() }
    }

    /// Runs `body` on one connection, opening one when none is idle, and keeps the connection for the next
    /// call unless it failed.
    func withConnection<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        let connection = try checkOut()
        let session = PostgresSession(connection: connection, logger: logger)
        do {
            let result = try body(session)
            checkIn(connection)
            return result
        } catch {
            if !connection.isClosed, session.isUsable { checkIn(connection) } else { connection.closeSoon() }
            if let error = error as? StoreError { throw error }
            throw .database(path: location.description, reason: PostgresSession.describe(error))
        }
    }

    /// A connection of its own, never pooled (a session lock's, or LISTEN's); `release` closes it.
    func openDedicated() throws(StoreError) -> PostgresConnection {
        try connect()
    }

    /// Closes a dedicated connection.
    func release(_ connection: PostgresConnection) {
        connection.closeSoon()
    }

    private func checkOut() throws(StoreError) -> PostgresConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isClosed { return connection }
            connection.closeSoon()  // postgres-nio wants even a dead connection closed before it goes
        }
        return try connect()
    }

    private func connect() throws(StoreError) -> PostgresConnection {
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try configuration(),
                id: nextID.add(1, ordering: .relaxed).oldValue, logger: logger
            ).wait()
        } catch {
            throw .database(path: location.description, reason: "cannot connect: " + PostgresSession.describe(error))
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        let kept = idle.withLock { connections in
            guard connections.count < Self.keptIdle else { return false }
            connections.append(connection)
            return true
        }
        if !kept { connection.closeSoon() }
    }

    private func configuration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socket = location.socketPath {
            configuration = .init(unixSocketPath: socket, username: location.user, password: password,
                                  database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch location.tls {
            case .disable: tls = .disable
            case .verify: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = .init(host: location.host ?? "localhost", port: location.port, username: location.user,
                                  password: password, database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        // A node stopped (SIGSTOP, a frozen VM) inside a transaction would hold the cluster-wide write lock for as
        // long as it stays stopped, and every other node would wait: the server ends such a session instead.
        configuration.options.additionalStartupParameters = [
            ("idle_in_transaction_session_timeout", "\(Self.idleInTransactionTimeout)"),
            ("application_name", "heraldd"),
        ]
        return configuration
    }
}

private extension PostgresConnection {
    /// Closes without waiting (the future form: the async one would need a task). The connection is kept
    /// until it is closed: postgres-nio asserts that none is released open.
    func closeSoon() {
        let future: EventLoopFuture<Void> = close()
        future.whenComplete { _ in withExtendedLifetime(self) {} }
    }
}
