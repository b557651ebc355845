import Foundation
import GRDB
import HeraldCore

/// Herald's state database: one SQLite file in WAL mode shared by the daemon and the CLI, or a PostgreSQL
/// database shared by several daemons (issue 17).
///
/// Every public method is one transaction, sized to one decision (accept a file, claim a part, record an
/// outcome, cancel a post), so a crash between two of them leaves a state the daemon can resume from.
/// Writes use `BEGIN IMMEDIATE` so that the daemon and a concurrent `herald cancel` serialise on SQLite's
/// write lock instead of failing with SQLITE_BUSY when a read transaction tries to upgrade. On PostgreSQL every
/// write transaction first takes one cluster-wide advisory lock, so writes are serialised across every node and
/// CLI just as SQLite serialises them: each operation's logic holds on both backends unchanged. Reads are
/// snapshots (`REPEATABLE READ`) and never wait for a writer.
public struct AppDatabase: Sendable {
    enum Backend: Sendable {
        case sqlite(any DatabaseWriter)
        case postgres(PostgresClient)
    }

    let backend: Backend

    /// The SQLite file's path or the PostgreSQL URL (without secrets), for messages.
    public var location: String {
        switch backend {
        case let .sqlite(writer): writer.path
        case let .postgres(client): client.location.description
        }
    }

    /// The SQLite connections, for tests that look behind the store's operations. Only on SQLite.
    var writer: any DatabaseWriter {
        guard case let .sqlite(writer) = backend else { preconditionFailure("not a SQLite database") }
        return writer
    }

    /// The advisory lock every PostgreSQL write transaction takes first (any fixed number: "HERALD" and 1).
    static let writeLock: Int64 = 0x4845_5241_4C44_0002

    /// Opens the PostgreSQL database at `location`, logging in with `password`, and brings its schema up to date
    /// (nodes starting together migrate one at a time).
    public init(postgres location: PostgresLocation, password: String?) throws(StoreError) {
        let client = PostgresClient(location: location, password: password)
        try client.withConnection { session in try PostgresSchema.migrate(session) }
        backend = .postgres(client)
    }

    /// Opens the database `settings` name: their PostgreSQL `database`, or the SQLite file under `state`.
    public init(settings: DaemonSettings, password: String?) throws(StoreError) {
        if let location = settings.database {
            try self.init(postgres: location, password: password)
        } else {
            try self.init(path: Self.path(inStateDirectory: settings.state))
        }
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "herald"
        configuration.maximumReaderCount = 2
        configuration.prepareDatabase { db in
            // FULL, not WAL's usual NORMAL: a spool file is unlinked right after its accept commits, so that
            // commit must survive a power loss too, or the post would be lost.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 1 MiB of page cache per connection (SQLite's default is 2 MiB): the working set is the queue's
            // index, and an idle daemon should stay small.
            try db.execute(sql: "PRAGMA cache_size = -1024")
        }
        do {
            let writer = try DatabasePool(path: path, configuration: configuration)
            // DatabasePool's WAL setup sets its writer to NORMAL after `prepareDatabase` ran: set FULL again on
            // the one connection that commits. The writer walks the whole queue's indexes during a burst (intake,
            // the planner's settles): 64 MiB of cache for it, handed back by `releaseMemory()` once it is over.
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            try Self.migrator.migrate(writer)
            backend = .sqlite(writer)
        } catch {
            throw .database(path: path, reason: String(describing: error))
        }
    }

    /// Frees the connections' page caches (after a burst: an idle daemon should stay small).
    public func releaseMemory() {
        if case let .sqlite(writer) = backend { (writer as? DatabasePool)?.releaseMemory() }
    }

    /// The path of the database file for a state directory.
    public static func path(inStateDirectory state: String) -> String {
        (state as NSString).appendingPathComponent("herald.sqlite")
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE` on SQLite; the cluster-wide write lock on
    /// PostgreSQL), on a ``StoreConnection`` to that transaction.
    ///
    /// With `account`, the body must read and write only that account's rows (its targets, attempts and
    /// statuses; inserts into shared logs such as `events` are fine): on PostgreSQL it then takes the write lock
    /// shared and a lock of the account's own, so one account's claims and records run beside other accounts'
    /// on every node, and still after and before every whole-database write (intake, planning, cluster steps),
    /// which take the write lock exclusively. SQLite has one writer either way.
    func transaction<T>(account: String? = nil, _ body: (StoreConnection) throws -> T) throws(StoreError) -> T {
        switch backend {
        case let .sqlite(writer):
            do {
                return try writer.writeWithoutTransaction { db in
                    var result: T?
                    try db.inTransaction(.immediate) {
                        result = try body(StoreConnection(db))
                        return .commit
                    }
                    return result!
                }
            } catch let error as StoreError {
                throw error
            } catch {
                throw .database(path: writer.path, reason: String(describing: error))
            }
        case let .postgres(client):
            return try client.withConnection { session in
                // READ COMMITTED whatever the role's default: each statement must see what committed before the
                // lock was granted (a snapshot taken while waiting for it would not).
                let start = "BEGIN ISOLATION LEVEL READ COMMITTED; "
                let begin = start + (account.map { _ in "SELECT pg_advisory_xact_lock_shared(\(Self.writeLock))" }
                    ?? "SELECT pg_advisory_xact_lock(\(Self.writeLock))")
                return try session.transaction(begin: begin) {
                    if let account {
                        _ = try session.query("SELECT pg_advisory_xact_lock(?::int4, hashtext(?))",
                                              [Int64(Self.accountLockClass), account])
                    }
                    return try body(StoreConnection(session))
                }
            }
        }
    }

    /// The first key of an account transaction's lock on its account ("HRLA"; the second is the name's hash).
    static let accountLockClass: Int32 = 0x4852_4C41

    /// Runs `body` in a read-only snapshot, on a ``StoreConnection`` to that snapshot.
    func read<T>(_ body: (StoreConnection) throws -> T) throws(StoreError) -> T {
        switch backend {
        case let .sqlite(writer):
            do {
                return try writer.read { db in try body(StoreConnection(db)) }
            } catch let error as StoreError {
                throw error
            } catch {
                throw .database(path: writer.path, reason: String(describing: error))
            }
        case let .postgres(client):
            return try client.withConnection { session in
                try session.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                    try body(StoreConnection(session))
                }
            }
        }
    }
}
