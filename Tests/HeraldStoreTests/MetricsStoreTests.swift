import Foundation
import GRDB
import HeraldCore
import Testing

@_spi(Seeding) @testable import HeraldStore

/// Engagement in the store: every status scheduled at its first age by the migration's trigger, the due query and
/// its index, recording through the ages, gone statuses, learning's samples, and the migration of a past history.
@Suite struct MetricsStoreTests {
    static func hours(_ hours: Double) -> Date { When.t0.addingTimeInterval(hours * 3600) }

    /// Kept for the test's whole run (its directory goes with it).
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    /// Three statuses of `brand`, published at t0, t0 + 1 h and t0 + 2 h.
    func seeded() throws -> AppDatabase {
        let database = try scratch.open()
        try database.seedPublishedStatuses(account: "brand", [
            ("r1", Self.hours(0)), ("r2", Self.hours(1)), ("r3", Self.hours(2)),
        ])
        return database
    }

    static func counts(_ likes: Int) -> FetchedMetrics {
        .counts(StatusMetrics(likes: likes, reposts: 1, replies: 2, quotes: nil, impressions: nil))
    }

    @Test func aPublishedStatusIsDueAnHourLaterAndNotBefore() throws {
        let database = try seeded()
        #expect(try database.nextMetricsDue(accounts: ["brand", "other"]) == ["brand": Self.hours(1)])
        #expect(try database.metricsDue(account: "brand", now: Self.hours(0.99), limit: 10).isEmpty)
        let due = try database.metricsDue(account: "brand", now: Self.hours(2), limit: 10)
        #expect(due.map(\.remoteID) == ["r1", "r2"])
        #expect(due.map(\.seq) == [1, 2])
        #expect(due.first?.publishedAt == Self.hours(0) && due.first?.dueAt == Self.hours(1))
        #expect(try database.metricsDue(account: "brand", now: Self.hours(9), limit: 2).map(\.remoteID) == ["r1", "r2"])
        #expect(try database.metricsDue(account: "other", now: Self.hours(9), limit: 10).isEmpty)
    }

    @Test func eachFetchIsRecordedAtItsAgeUntilTheLastOne() throws {
        let database = try seeded()
        var due = try database.metricsDue(account: "brand", now: Self.hours(1), limit: 1)
        try database.recordMetrics(due, fetched: ["r1": Self.counts(3)], now: Self.hours(1))
        #expect(try database.nextMetricsDue(accounts: ["brand"]) == ["brand": Self.hours(2)], "r2 is next")
        // Late (30 h): counts for 24 h, and 7 d comes next.
        due = try database.metricsDue(account: "brand", now: Self.hours(30), limit: 10)
        #expect(due.map(\.remoteID) == ["r2", "r3", "r1"])
        try database.recordMetrics(due, fetched: ["r1": Self.counts(9), "r2": Self.counts(4), "r3": Self.counts(5)],
                                   now: Self.hours(30))
        due = try database.metricsDue(account: "brand", now: Self.hours(24 * 8), limit: 10)
        #expect(due.count == 3)
        try database.recordMetrics(due, fetched: ["r1": Self.counts(20), "r2": Self.counts(6), "r3": Self.counts(7)],
                                   now: Self.hours(24 * 8))
        #expect(try database.nextMetricsDue(accounts: ["brand"]).isEmpty, "nothing after 7 d")
        let samples = try database.metricsSamples(account: "brand")
        #expect(samples.map(\.publishedAt) == [Self.hours(0), Self.hours(1), Self.hours(2)])
        #expect(samples[0].metrics.keys.sorted() == [3600, 86_400, 604_800])
        #expect(samples[0].metrics[86_400]?.likes == 9)
        #expect(samples[1].metrics.keys.sorted() == [86_400, 604_800], "r2's late first fetch skipped 1 h")
    }

    @Test func aGoneStatusIsRecordedAndNeverAskedAgain() throws {
        let database = try seeded()
        let due = try database.metricsDue(account: "brand", now: Self.hours(3), limit: 10)
        try database.recordMetrics(due, fetched: ["r1": .gone, "r2": Self.counts(1)], now: Self.hours(3))
        let left = try database.metricsDue(account: "brand", now: Self.hours(24 * 30), limit: 10)
        #expect(left.map(\.remoteID) == ["r3", "r2"], "r3 was not answered: still due; r1 is gone")
        let gone = try database.read { db in
            try db.fetchValue(Double.self, sql: "SELECT gone_at FROM metrics_due WHERE account = 'brand' AND seq = 1")
        }
        #expect(gone == Self.hours(3).timeIntervalSince1970)
    }

    /// A status an answer left out waits an hour, so it does not lead every batch, and stops being asked a day
    /// after its last age.
    @Test func aStatusLeftOutOfAnAnswerIsAskedAnHourLaterUntilADayPastItsLastAge() throws {
        let database = try seeded()
        var due = try database.metricsDue(account: "brand", now: Self.hours(3), limit: 10)
        try database.recordMetrics(due, fetched: ["r2": Self.counts(1), "r3": Self.counts(1)], now: Self.hours(3))
        #expect(try database.metricsDue(account: "brand", now: Self.hours(3.9), limit: 10).isEmpty)
        #expect(try database.metricsDue(account: "brand", now: Self.hours(4), limit: 10).map(\.remoteID) == ["r1"])
        due = try database.metricsDue(account: "brand", now: Self.hours(24 * 8), limit: 10)
        let last = due.filter { $0.remoteID == "r1" }
        try database.recordMetrics(last, fetched: [:], now: Self.hours(24 * 8 + 0.5))
        let r1 = try database.read { db in
            try db.fetchOne(sql: "SELECT due_at, gone_at FROM metrics_due WHERE account = 'brand' AND seq = 1")
        }
        #expect(r1?["due_at"] as Double? == nil && r1?["gone_at"] as Double? == nil, "done, not gone")
    }

    /// A fetch cut short (a rate limit, a failure) never asked about the rest: they stay due as they were.
    @Test func statusesADeferredFetchNeverAskedAboutStayDue() throws {
        let database = try seeded()
        let due = try database.metricsDue(account: "brand", now: Self.hours(3), limit: 10)
        try database.recordMetrics(due, fetched: ["r1": Self.counts(1)], answeredAll: false, now: Self.hours(3))
        #expect(try database.metricsDue(account: "brand", now: Self.hours(3), limit: 10).map(\.remoteID)
            == ["r2", "r3"])
    }

    @Test(.enabled(if: TestStore.onSQLite, "SQLite's query plans"))
    func theDueQueriesWalkTheIndexWhateverTheHistory() throws {
        let database = try seeded()
        let plans = try database.read { db in
            try [
                "SELECT d.seq FROM metrics_due d JOIN statuses s ON s.account = d.account AND s.seq = d.seq "
                    + "WHERE d.account = 'brand' AND d.due_at IS NOT NULL AND d.due_at <= 5 ORDER BY d.due_at LIMIT 9",
                "SELECT MIN(due_at) FROM metrics_due WHERE account = 'brand' AND due_at IS NOT NULL",
            ].map { sql in
                try db.fetchAll(sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
                    .joined(separator: "; ")
            }
        }
        for plan in plans {
            #expect(plan.contains("metrics_due_order"), "\(plan)")
            #expect(!plan.contains("SCAN d") && !plan.contains("SCAN metrics_due") && !plan.contains("TEMP B-TREE"),
                    "\(plan)")
        }
    }

    @Test(.enabled(if: TestStore.onSQLite, "an upgrade of a SQLite file"))
    func theMigrationSchedulesTheStatusesPublishedBeforeIt() throws {
        let queue = try DatabaseQueue(path: scratch.databasePath)
        try AppDatabase.migrator.migrate(queue, upTo: "v10-feeds")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO statuses (account, seq, part, kind, remote_id, published_at) VALUES
                    ('brand', 1, 0, 'post', 'old', ?)
                """, arguments: [Self.hours(-24 * 60).timeIntervalSince1970])
        }
        try queue.close()
        let database = try scratch.open()
        let due = try database.metricsDue(account: "brand", now: When.t0, limit: 10)
        #expect(due.map(\.remoteID) == ["old"])
        try database.recordMetrics(due, fetched: ["old": Self.counts(8)], now: When.t0)
        #expect(try database.metricsSamples(account: "brand").first?.metrics.keys.sorted() == [604_800],
                "two months late: the 7 d figure, and done")
    }
}
