import Foundation
import GRDB
import HeraldCore

/// Engagement fetched from the networks (issue 15): which statuses are due a fetch, the figures, learning's input.
/// Every query here walks `metrics_due_order` or a primary key: its cost does not grow with the history.
extension AppDatabase {
    /// The statuses of `account` whose fetch is due at `now`, longest due first, at most `limit`.
    public func metricsDue(account: String, now: Date, limit: Int) throws(StoreError) -> [MetricsDue] {
        try read { db in
            try db.fetchAll(
                sql: """
                    SELECT d.seq, d.due_at, s.remote_id, s.published_at
                    FROM metrics_due d JOIN statuses s ON s.account = d.account AND s.seq = d.seq
                    WHERE d.account = ? AND d.due_at IS NOT NULL AND d.due_at <= ?
                    ORDER BY d.due_at LIMIT ?
                    """,
                arguments: [account, now.timeIntervalSince1970, limit], cached: true
            ).map { row in
                MetricsDue(account: account, seq: row["seq"], remoteID: row["remote_id"],
                           publishedAt: Date(timeIntervalSince1970: row["published_at"]),
                           dueAt: Date(timeIntervalSince1970: row["due_at"]))
            }
        }
    }

    /// The earliest due fetch of each of `accounts` that has one.
    public func nextMetricsDue(accounts: [String]) throws(StoreError) -> [String: Date] {
        try read { db in
            var result: [String: Date] = [:]
            for account in accounts {
                let due = try db.fetchValue(
                    Double.self,
                    sql: "SELECT MIN(due_at) FROM metrics_due WHERE account = ? AND due_at IS NOT NULL",
                    arguments: [account], cached: true)
                if let due { result[account] = Date(timeIntervalSince1970: due) }
            }
            return result
        }
    }

    /// Records what the network said about `statuses` at `now` (keyed by remote id): figures at the age `schedule`
    /// says the fetch stands for, and the next due instant; a gone status is never asked again. With
    /// `answeredAll` (the fetch was not cut short), a status the answer left out (X leaves out what it will not
    /// show, with reasons other than "not found") is asked again an hour later, not at once, and no more once a
    /// day past its last age: left due as it was, it would come first in every batch, and a hundred of them would
    /// fill every batch for good. Statuses a deferred fetch never asked about stay due as they were.
    /// How long a status an answer left out waits before it is asked again.
    static let unansweredRetry: TimeInterval = 3600

    public func recordMetrics(
        _ statuses: [MetricsDue], fetched: [String: FetchedMetrics], schedule: MetricsSchedule = .standard,
        answeredAll: Bool = true, now: Date
    ) throws(StoreError) {
        try transaction { db in
            for status in statuses {
                guard let result = fetched[status.remoteID] else {
                    guard answeredAll else { continue }
                    let retry = now.addingTimeInterval(Self.unansweredRetry)
                    let last = status.publishedAt.addingTimeInterval((schedule.ages.last ?? 0) + 86_400)
                    try db.execute(sql: "UPDATE metrics_due SET due_at = ? WHERE account = ? AND seq = ?",
                                   arguments: [retry <= last ? retry.timeIntervalSince1970 : nil, status.account,
                                               status.seq], cached: true)
                    continue
                }
                switch result {
                case .gone:
                    try db.execute(
                        sql: "UPDATE metrics_due SET due_at = NULL, gone_at = ? WHERE account = ? AND seq = ?",
                        arguments: [now.timeIntervalSince1970, status.account, status.seq], cached: true)
                case .counts(let metrics):
                    let step = schedule.step(publishedAt: status.publishedAt, now: now)
                    if let age = step.age {
                        try db.execute(
                            sql: """
                                INSERT INTO status_metrics
                                    (account, seq, age, fetched_at, likes, reposts, replies, quotes, impressions)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                                ON CONFLICT (account, seq, age) DO UPDATE SET
                                    fetched_at = excluded.fetched_at, likes = excluded.likes,
                                    reposts = excluded.reposts, replies = excluded.replies, quotes = excluded.quotes,
                                    impressions = excluded.impressions
                                """,
                            arguments: [status.account, status.seq, Int(age), now.timeIntervalSince1970,
                                        metrics.likes, metrics.reposts, metrics.replies, metrics.quotes,
                                        metrics.impressions], cached: true)
                    }
                    try db.execute(sql: "UPDATE metrics_due SET due_at = ? WHERE account = ? AND seq = ?",
                                   arguments: [step.next?.timeIntervalSince1970, status.account, status.seq],
                                   cached: true)
                }
            }
        }
    }

    /// The figures stored for the statuses of post `postID` on `account`, in part order (its first target: a
    /// repeating post's occurrences are asked for by ``statusMetrics(targetID:)``).
    public func statusMetrics(postID: String, account: String) throws(StoreError) -> [StatusMetricsRecord] {
        let target = try read { db in
            try db.fetchValue(
                Int64.self, sql: "SELECT MIN(id) FROM targets WHERE post_id = ? AND account = ?",
                arguments: [postID, account]
            )
        }
        guard let target else { return [] }
        return try statusMetrics(targetID: target)
    }

    /// The figures stored for the statuses of one target (one occurrence of a repeating post), in part order.
    public func statusMetrics(targetID: Int64) throws(StoreError) -> [StatusMetricsRecord] {
        try read { db in
            let statuses = try db.fetchAll(
                sql: """
                    SELECT s.account, s.seq, s.part, s.remote_id, d.due_at, d.gone_at
                    FROM statuses s LEFT JOIN metrics_due d ON d.account = s.account AND d.seq = s.seq
                    WHERE s.target_id = ? ORDER BY s.part
                    """,
                arguments: [targetID], cached: true)
            return try statuses.map { row in
                let fetches = try db.fetchAll(
                    sql: "SELECT * FROM status_metrics WHERE account = ? AND seq = ? ORDER BY age",
                    arguments: [row["account"] as String, row["seq"] as Int], cached: true
                ).map(Self.fetch)
                return StatusMetricsRecord(
                    seq: row["seq"], part: row["part"], remoteID: row["remote_id"], fetches: fetches,
                    dueAt: (row["due_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    goneAt: (row["gone_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    /// Every status of `account` that has figures, oldest first: what learning from history fits.
    public func metricsSamples(account: String) throws(StoreError) -> [MetricsSample] {
        try read { db in
            var samples: [MetricsSample] = []
            var current: (seq: Int, sample: MetricsSample)?
            try db.forEach(
                sql: """
                    SELECT m.*, s.published_at FROM status_metrics m
                    JOIN statuses s ON s.account = m.account AND s.seq = m.seq
                    WHERE m.account = ? ORDER BY m.seq, m.age
                    """,
                arguments: [account], cached: true
            ) { row in
                let seq: Int = row["seq"]
                let fetch = Self.fetch(row)
                if current?.seq != seq {
                    if let done = current { samples.append(done.sample) }
                    current = (seq, MetricsSample(publishedAt: Date(timeIntervalSince1970: row["published_at"]),
                                                  metrics: [:]))
                }
                current?.sample.metrics[fetch.age] = fetch.metrics
            }
            if let done = current { samples.append(done.sample) }
            return samples
        }
    }

    /// When the account's stored curve was learned (from a CSV or from history); nil when it has none.
    public func learnedAt(account: String) throws(StoreError) -> Date? {
        try read { db in
            try db.fetchValue(
                Double.self, sql: "SELECT learned_at FROM learned_curves WHERE account = ?", arguments: [account]
            ).map(Date.init(timeIntervalSince1970:))
        }
    }

    private static func fetch(_ row: Row) -> StatusMetricsRecord.Fetch {
        StatusMetricsRecord.Fetch(
            age: TimeInterval(row["age"] as Int), fetchedAt: Date(timeIntervalSince1970: row["fetched_at"]),
            metrics: StatusMetrics(likes: row["likes"], reposts: row["reposts"], replies: row["replies"],
                                   quotes: row["quotes"], impressions: row["impressions"]))
    }
}
