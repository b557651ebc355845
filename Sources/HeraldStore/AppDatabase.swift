import Foundation
import GRDB

/// Herald's state database: one SQLite file in WAL mode, shared by the daemon and the CLI.
///
/// Every public method is one transaction, sized to one decision (accept a file, claim a part, record an
/// outcome, cancel a post), so a crash between two of them leaves a state the daemon can resume from.
/// Writes use `BEGIN IMMEDIATE` so that the daemon and a concurrent `herald cancel` serialise on SQLite's
/// write lock instead of failing with SQLITE_BUSY when a read transaction tries to upgrade.
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter

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
            writer = try DatabasePool(path: path, configuration: configuration)
            // DatabasePool's WAL setup sets its writer to NORMAL after `prepareDatabase` ran: set FULL again on
            // the one connection that commits. The writer walks the whole queue's indexes during a burst (intake,
            // the planner's settles): 64 MiB of cache for it, handed back by `releaseMemory()` once it is over.
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            try Self.migrator.migrate(writer)
        } catch {
            throw .database(path: path, reason: String(describing: error))
        }
    }

    /// Frees the connections' page caches (after a burst: an idle daemon should stay small).
    public func releaseMemory() {
        (writer as? DatabasePool)?.releaseMemory()
    }

    /// The path of the database file for a state directory.
    public static func path(inStateDirectory state: String) -> String {
        (state as NSString).appendingPathComponent("herald.sqlite")
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, on a ``StoreConnection`` to that transaction.
    func transaction<T>(_ body: (StoreConnection) throws -> T) throws(StoreError) -> T {
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
    }

    /// Runs `body` in a read-only snapshot, on a ``StoreConnection`` to that snapshot.
    func read<T>(_ body: (StoreConnection) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read { db in try body(StoreConnection(db)) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path: writer.path, reason: String(describing: error))
        }
    }
}
