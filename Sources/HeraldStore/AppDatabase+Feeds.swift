import Foundation
import GRDB

/// Feeds (issue 14): validators and the item identities seen, one transaction per poll.
extension AppDatabase {
    /// How long an item that left its feed is remembered: long after any feed would bring it back.
    public static let feedItemMemory: TimeInterval = 90 * 86_400

    /// The feed's record, or nil for a feed never polled.
    public func feed(named name: String) throws(StoreError) -> FeedRecord? {
        try read { db in
            guard let row = try db.fetchOne(sql: "SELECT * FROM feeds WHERE name = ?", arguments: [name]) else {
                return nil
            }
            return Self.feedRecord(row)
        }
    }

    /// Every feed the database knows, with its count of remembered items (`herald feeds`).
    public func feeds() throws(StoreError) -> [FeedRecord] {
        try read { db in
            let counts = try db.fetchAll(sql: "SELECT feed, COUNT(*) AS n FROM feed_items GROUP BY feed")
            let seen = Dictionary(uniqueKeysWithValues: counts.map { ($0["feed"] as String, $0["n"] as Int) })
            return try db.fetchAll(sql: "SELECT * FROM feeds ORDER BY name").map { row in
                var record = Self.feedRecord(row)
                record.seenItems = seen[record.name] ?? 0
                return record
            }
        }
    }

    private static func feedRecord(_ row: Row) -> FeedRecord {
        func date(_ column: String) -> Date? {
            (row[column] as Double?).map { Date(timeIntervalSince1970: $0) }
        }
        return FeedRecord(
            name: row["name"], source: row["source"], etag: row["etag"], lastModified: row["last_modified"],
            primedAt: date("primed_at"), polledAt: date("polled_at"), lastError: row["last_error"],
            failingSince: date("failing_since"))
    }

    /// Records a failed poll: the reason, and since when polls fail. A feed never read gets a row naming
    /// `source`; a known feed keeps the source it was primed from.
    public func recordFeedFailure(feed: String, source: String, reason: String, now: Date) throws(StoreError) {
        try transaction { db in
            try db.execute(
                sql: """
                    INSERT INTO feeds (name, source, last_error, failing_since) VALUES (?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET last_error = excluded.last_error,
                        failing_since = COALESCE(feeds.failing_since, excluded.failing_since)
                    """,
                arguments: [feed, source, reason, now.timeIntervalSince1970])
        }
    }

    /// Which of `guids` the feed has seen.
    public func seenFeedItems(feed: String, among guids: [String]) throws(StoreError) -> Set<String> {
        try read { db in
            var seen: Set<String> = []
            for start in stride(from: 0, to: guids.count, by: 500) {
                let chunk = Array(guids[start..<min(start + 500, guids.count)])
                seen.formUnion(try db.fetchValues(
                    String.self,
                    sql: "SELECT guid FROM feed_items WHERE feed = ? AND guid IN ("
                        + databaseQuestionMarks(count: chunk.count) + ")",
                    arguments: SQLArguments([feed]) + SQLArguments(chunk)))
            }
            return seen
        }
    }

    /// Records one successful poll (a failure is forgotten): `seen` identities remembered, the feed primed from
    /// `source` (kept from the first time unless `reprime`), and, for a full fetch (`present` non-nil: every
    /// identity the document listed), the validators to send next time, the listed items' `last_seen`, and items
    /// gone for ``feedItemMemory`` forgotten. Callers write the items' post files before this commits: a crash in
    /// between writes them again (to the same names, with the same `Id:`), never loses them.
    public func recordFeedPoll(
        feed: String, source: String, reprime: Bool, seen: [String], present: [String]?, etag: String?,
        lastModified: String?, now: Date
    ) throws(StoreError) {
        let stamp = now.timeIntervalSince1970
        try transaction { db in
            try db.execute(
                sql: """
                    INSERT INTO feeds (name, source, etag, last_modified, primed_at, polled_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET
                        source = excluded.source, polled_at = excluded.polled_at, last_error = NULL,
                        failing_since = NULL,
                        primed_at = CASE WHEN ? = 1 THEN excluded.primed_at ELSE feeds.primed_at END,
                        etag = CASE WHEN ? = 1 THEN excluded.etag ELSE feeds.etag END,
                        last_modified = CASE WHEN ? = 1 THEN excluded.last_modified ELSE feeds.last_modified END
                    """,
                arguments: [feed, source, etag, lastModified, stamp, stamp, reprime, present != nil, present != nil])
            for guid in seen {
                try db.execute(
                    sql: """
                        INSERT INTO feed_items (feed, guid, first_seen, last_seen) VALUES (?, ?, ?, ?)
                        ON CONFLICT(feed, guid) DO UPDATE SET last_seen = excluded.last_seen
                        """,
                    arguments: [feed, guid, stamp, stamp])
            }
            guard let present else { return }
            for guid in present {
                try db.execute(sql: "UPDATE feed_items SET last_seen = ? WHERE feed = ? AND guid = ?",
                               arguments: [stamp, feed, guid])
            }
            try db.execute(sql: "DELETE FROM feed_items WHERE feed = ? AND last_seen < ?",
                           arguments: [feed, stamp - Self.feedItemMemory])
        }
    }
}
