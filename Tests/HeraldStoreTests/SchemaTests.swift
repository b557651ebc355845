import Foundation
import GRDB
import Testing

@testable import HeraldStore

@Suite("Opening and migrating the state database")
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
                             "v7-queue-order", "v8-scale"])
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
}
