import Foundation
import HeraldCore
@_spi(Seeding) import HeraldStore

/// What due metrics cost the scheduler loop and the workers as the history grows (issue 15): the loop asks each
/// metrics account's next due fetch at every step, a worker reads a batch of due statuses and records the answers.
/// Run on a small history and a large one (100,000 statuses): the figures must not grow with it, since every query
/// walks the `metrics_due_order` index from its start.
public enum MetricsBenchmark {
    /// One row per history size, printed by `herald-bench metrics`.
    public struct Report: Sendable, CustomStringConvertible {
        /// The mean cost of each call on a history of `statuses`.
        public struct Row: Sendable {
            public var statuses: Int
            public var seed: Duration
            /// One `nextMetricsDue` (the loop, every step).
            public var next: Duration
            /// One `metricsDue` of 100 statuses (a worker's batch).
            public var batch: Duration
            /// Recording a batch of 100 answers.
            public var record: Duration
        }

        public var rows: [Row]

        public var description: String {
            func microseconds(_ duration: Duration) -> String {
                String(format: "%.0f µs", Double(duration.components.seconds) * 1e6
                    + Double(duration.components.attoseconds) / 1e12)
            }
            return "metrics benchmark (per call; must not grow with the history):\n" + rows.map { row in
                "  \(row.statuses) statuses (seeded in \(microseconds(row.seed))): next due \(microseconds(row.next)), "
                    + "batch of 100 due \(microseconds(row.batch)), record 100 answers \(microseconds(row.record))"
            }.joined(separator: "\n")
        }
    }

    /// Each size in a fresh database under `directory`: statuses one every 30 s before `now`, each due at its
    /// first age; then the calls the daemon makes, averaged over `repeats`.
    public static func run<C: Clock>(
        clock: C, directory: String, sizes: [Int] = [1_000, 100_000], repeats: Int = 200
    ) throws -> Report where C.Duration == Duration {
        let now = Date(timeIntervalSince1970: 1_795_442_400)
        var rows: [Report.Row] = []
        for size in sizes {
            let path = directory + "/metrics-\(size).sqlite"
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
            let database = try AppDatabase(path: path)
            let statuses = (0..<size).map {
                ("\(1_900_000_000_000_000_000 + $0)", now.addingTimeInterval(-30 * Double(size - $0)))
            }
            let seed = try clock.measure { try database.seedPublishedStatuses(account: "brand", statuses) }
            let next = try clock.measure {
                for _ in 0..<repeats { _ = try database.nextMetricsDue(accounts: ["brand"]) }
            } / repeats
            let batch = try clock.measure {
                for _ in 0..<repeats { _ = try database.metricsDue(account: "brand", now: now, limit: 100) }
            } / repeats
            var record = Duration.zero
            for round in 0..<min(repeats, size / 100) {
                let due = try database.metricsDue(account: "brand", now: now, limit: 100)
                let fetched = Dictionary(uniqueKeysWithValues: due.map {
                    ($0.remoteID, FetchedMetrics.counts(StatusMetrics(likes: round, reposts: 1, replies: 0)))
                })
                record += try clock.measure { try database.recordMetrics(due, fetched: fetched, now: now) }
            }
            rows.append(Report.Row(statuses: size, seed: seed, next: next, batch: batch,
                                   record: record / max(1, min(repeats, size / 100))))
        }
        return Report(rows: rows)
    }
}
