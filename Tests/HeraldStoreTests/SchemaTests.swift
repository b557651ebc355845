import Foundation
import GRDB
import Testing

@testable import HeraldStore

@Suite("Opening and migrating the state database", .enabled(if: TestStore.onSQLite, "about the SQLite file"))
struct SchemaTests {
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    @Test func statePathIsHeraldSqliteInsideTheStateDirectory() {
        #expect(AppDatabase.path(inStateDirectory: "/var/lib/herald") == "/var/lib/herald/herald.sqlite")
        #expect(AppDatabase.path(inStateDirectory: "/var/lib/herald/") == "/var/lib/herald/herald.sqlite")
    }

    @Test func openingANewFileCreatesEveryTableAndRecordsTheMigration() throws {
        let database = try scratch.open()
        #expect(FileManager.default.fileExists(atPath: scratch.databasePath))
        let (tables, applied) = try database.writer.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' ORDER BY name"
            )
            return (Set(tables), try AppDatabase.migrator.appliedMigrations(db))
        }
        #expect(tables.isSuperset(of: ["attempts", "events", "post_parts", "posts", "statuses", "targets",
                                       "learned_curves", "decisions", "policy_hits"]))
        #expect(applied == AppDatabase.migrator.migrations)
        #expect(applied == ["v1", "v2", "v3-policy", "v4-planner", "v5-typed-curves", "v6-post-headers",
                             "v7-queue-order", "v8-scale", "v9-pauses", "v10-feeds", "v11-repeats",
                             "v12-notifications", "v13-metrics", "v14-notify-occurrences", "v15-cluster",
                             "v16-count-deltas", "v17-rate-windows"])
        #expect(try database.tableCounts().values.allSatisfy { $0 == 0 })
    }

    @Test func theDatabaseIsInWALModeWithFullSynchronousCommits() throws {
        let database = try scratch.open()
        let (mode, synchronous, foreignKeys) = try database.writer.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(mode == "wal")
        #expect(synchronous == 2)  // FULL: an accept must survive power loss before its spool file is unlinked.
        #expect(foreignKeys == true)
        let writerSynchronous = try database.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(writerSynchronous == 2)
    }

    @Test func reopeningAnExistingFileKeepsItsContentsAndDoesNotMigrateAgain() throws {
        do {
            let first = try scratch.open()
            try first.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        }
        let reopened = try scratch.open()
        let queue = try reopened.queue()
        #expect(queue.map(\.postID) == ["p1"])
        #expect(queue.first?.scheduledAt == When.at(10))
        let applied = try reopened.writer.read { db in try AppDatabase.migrator.appliedMigrations(db) }
        #expect(applied == AppDatabase.migrator.migrations)
        #expect(try reopened.postID(forSpoolKey: "key-p1") == "p1")
    }

    @Test func aFileThatCannotBeCreatedIsADatabaseErrorNamingThePath() throws {
        let path = (scratch.directory as NSString).appendingPathComponent("missing/dir/herald.sqlite")
        do {
            _ = try AppDatabase(path: path)
            Issue.record("opening \(path) should fail")
        } catch let StoreError.database(failedPath, reason) {
            #expect(failedPath == path)
            #expect(!reason.isEmpty)
        }
    }

    @Test func aFileThatIsNotADatabaseIsADatabaseError() throws {
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: scratch.databasePath))
        do {
            _ = try AppDatabase(path: scratch.databasePath)
            Issue.record("opening a file full of 'A' should fail")
        } catch let error {
            guard case let .database(path, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == scratch.databasePath)
            #expect(error.description.hasPrefix("\(scratch.databasePath): database error: "))
        }
    }

    /// Issue 12: what runs after every event, per post or at every start finds its rows through an index. A scan of
    /// `targets` or `posts` costs seconds with a million queued (the session check at start did exactly that).
    @Test(arguments: [
        "SELECT account FROM targets WHERE post_id = ?",
        "DELETE FROM targets WHERE post_id = ?",
        """
        SELECT t.*, p.session FROM posts p INDEXED BY posts_session CROSS JOIN targets t ON t.post_id = p.id
        WHERE p.session IS NOT NULL AND t.state = 'scheduled'
        """,
        "SELECT DISTINCT account FROM targets WHERE provisional = 1",
        """
        SELECT MIN(next_attempt_at) FROM targets WHERE state = 'scheduled' AND account = ? AND next_attempt_at > ?
          AND attempts = 0 AND parts_done = 0
        """,
        "SELECT n FROM target_counts WHERE state = 'held'",
        """
        SELECT account, next_attempt_at FROM targets INDEXED BY targets_queue_order
        WHERE state IN ('scheduled', 'publishing', 'held') AND state = 'scheduled' AND next_attempt_at > ?
        ORDER BY next_attempt_at, id
        """,
        """
        SELECT id FROM targets INDEXED BY targets_history_order
        WHERE state IN ('published', 'failed', 'cancelled', 'expired', 'rejected') ORDER BY finished_at DESC, id DESC
        """,
    ])
    func hotQueriesUseAnIndex(_ sql: String) throws {
        let database = try scratch.open()
        let plan = try database.writer.read { db in
            let arguments = StatementArguments(Array(repeating: 0, count: sql.filter { $0 == "?" }.count))
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                .map { $0["detail"] as String }
        }
        for step in plan {
            // `SCAN t USING INDEX i` walks an index in order (or a partial one); a bare `SCAN t` reads the table.
            #expect(!step.hasPrefix("SCAN") || step.contains(" USING "), "\(step) in \(sql)")
            #expect(!step.contains("TEMP B-TREE"), "\(step) in \(sql)")
        }
    }
}
