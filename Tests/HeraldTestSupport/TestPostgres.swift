import Foundation
import HeraldCore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A fresh, empty database on the tests' own PostgreSQL server (issue 17), dropped when the value is released.
///
/// `make test` starts that server (scripts/test-postgres.sh) and passes `HERALD_TEST_POSTGRES` (its admin URL)
/// and `HERALD_TEST_POSTGRES_PASSWORD` (the file holding the password). Without them a test fails saying how to
/// get a server; it never skips. Each test gets its own database, so tests run in parallel as they do on their
/// own SQLite files.
public final class TestPostgresDatabase: Sendable {
    public static let urlVariable = "HERALD_TEST_POSTGRES"
    public static let passwordVariable = "HERALD_TEST_POSTGRES_PASSWORD"

    /// Where the database is (its name is unique to this value).
    public let location: PostgresLocation
    /// The server's password, and the file holding it (mode 0600), for code that reads credentials files.
    public let password: String
    public let passwordFile: String
    private let admin: PostgresLocation

    public init() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment[Self.urlVariable], !url.isEmpty,
              let passwordFile = environment[Self.passwordVariable], !passwordFile.isEmpty else {
            throw TestPostgresError(reason: "\(Self.urlVariable) and \(Self.passwordVariable) are not set: run "
                + "`make test` (it starts a private PostgreSQL with scripts/test-postgres.sh), or start one with "
                + "`scripts/test-postgres.sh start` and set both (the URL it prints, .build/test-postgres/password)")
        }
        do {
            admin = try PostgresLocation.parse(url)
        } catch {
            throw TestPostgresError(reason: "\(Self.urlVariable)=\(url): \(error.description)")
        }
        guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
            throw TestPostgresError(reason: "\(Self.passwordVariable)=\(passwordFile) cannot be read")
        }
        password = text.trimmingCharacters(in: .whitespacesAndNewlines)
        self.passwordFile = passwordFile
        var location = admin
        location.database = "herald_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        self.location = location
        try Self.run("CREATE DATABASE \(location.database)", at: admin, password: password)
    }

    deinit {
        if ProcessInfo.processInfo.environment["HERALD_TEST_KEEP"] == nil {
            try? Self.run("DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)", at: admin, password: password)
        } else {
            FileHandle.standardError.write(Data("herald tests: kept database \(location)\n".utf8))
        }
    }

    /// The URL of this database, for a configuration file's `database` key.
    public var url: String { location.description }

    /// Runs one statement in this database (for tests that look behind the store's back).
    public func execute(_ sql: String) throws {
        try Self.run(sql, at: location, password: password)
    }

    private static func run(_ sql: String, at location: PostgresLocation, password: String) throws {
        var logger = Logger(label: "herald.tests.postgres")
        logger.logLevel = .critical
        let configuration = PostgresConnection.Configuration(
            host: location.host ?? "localhost", port: location.port, username: location.user, password: password,
            database: location.database, tls: .disable)
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
            defer {
                let closed: EventLoopFuture<Void> = connection.close()
                _ = try? closed.wait()
            }
            _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
        } catch {
            throw TestPostgresError(reason: "\(sql) on \(location): \(String(reflecting: error))")
        }
    }
}

/// The tests' PostgreSQL cannot be used.
public struct TestPostgresError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "test PostgreSQL: \(reason)" }
}
