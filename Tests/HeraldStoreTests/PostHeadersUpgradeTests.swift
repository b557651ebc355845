import Foundation
import GRDB
import HeraldCore
import Testing

@testable import HeraldStore

/// Issue 16: `Media:` and `Content-Warning:` have columns (v6-post-headers); posts accepted before the upgrade get
/// them from their stored files, once, instead of a parse on every claim.
@Suite("Upgrading to v6-post-headers", .enabled(if: TestStore.onSQLite, "an upgrade of a SQLite file"))
struct PostHeadersUpgradeTests {
    @Test func postsAcceptedBeforeTheUpgradeKeepTheirMediaAndContentWarning() throws {
        let scratch = try Scratch()
        do {
            let queue = try DatabaseQueue(path: scratch.databasePath)
            try AppDatabase.migrator.migrate(queue, upTo: "v5-typed-curves")
            let content = "Media: /srv/media/a.png; alt=A cat\nContent-Warning: Cats\n\nfrom before\n"
            let at = When.at(10).timeIntervalSince1970
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO posts (id, file_name, spool_key, owner_uid, content, kind, accepted_at)
                    VALUES ('old', 'old.post', 'key-old', 1000, ?, 'post', 0);
                    INSERT INTO post_parts (post_id, part, text) VALUES ('old', 0, 'from before');
                    INSERT INTO targets (post_id, account, state, fixed, scheduled_at, next_attempt_at, parts_total)
                    VALUES ('old', 'brand', 'scheduled', 1, ?, ?, 1);
                    """, arguments: [Data(content.utf8), at, at])
            }
        }
        let database = try scratch.open()
        let claim = try database.mustClaim(try database.targetID("old", "brand"), now: When.at(10))
        #expect(claim.media == [PostMedia(path: "/srv/media/a.png", alt: "A cat", line: 1)])
        #expect(claim.contentWarning == "Cats")
        #expect(try database.inFlight().first?.contentWarning == "Cats")
    }
}
