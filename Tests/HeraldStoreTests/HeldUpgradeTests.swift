import Foundation
import HeraldCore
import GRDB
import Testing

@testable import HeraldStore

@Suite("Upgrading a v2 database to v3-policy", .enabled(if: TestStore.onSQLite, "an upgrade of a SQLite file"))
struct HeldUpgradeTests {
    @Test func aV2DatabaseKeepsItsQueueAndGainsTheHoldColumnsAndTables() throws {
        let scratch = try Scratch()
        do {
            let queue = try DatabaseQueue(path: scratch.databasePath)
            try AppDatabase.migrator.migrate(queue, upTo: "v2")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO posts (id, file_name, spool_key, owner_uid, content, kind, accepted_at)
                    VALUES ('old', 'old.post', 'key-old', 1000, x'00', 'post', 0);
                    INSERT INTO post_parts (post_id, part, text) VALUES ('old', 0, 'from before the upgrade');
                    INSERT INTO targets (post_id, account, state, fixed, scheduled_at, next_attempt_at, parts_total)
                    VALUES ('old', 'brand', 'scheduled', 1, \(When.at(10).timeIntervalSince1970),
                            \(When.at(10).timeIntervalSince1970), 1);
                    """)
            }
        }
        let database = try scratch.open()
        #expect(try database.queue().map(\.text) == ["from before the upgrade"])
        #expect(try database.targets(ofPost: "old").map(\.holdUntil) == [nil])
        #expect(try database.earliestHoldEnd() == nil)
        #expect(try database.mustClaim(try database.targetID("old", "brand"), now: When.at(10)).text
            == "from before the upgrade")
        try database.acceptFixed(makePost("new", targets: [gatedTarget("brand", at: When.at(30),
                                                                          hold: "voice")]))
        #expect(try database.heldCount() == 1)
    }
}
