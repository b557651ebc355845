import Foundation

/// A quarter hour of the local week in which an account's own statuses did well (`herald audience` marks them).
public struct BestQuarter: Sendable, Equatable {
    /// Quarter hour of the week, Monday 00:00 local = 0 (as ``ActivityCurve`` counts them).
    public var quarter: Int
    /// Mean engagement of the statuses published in it (at 24 h, else the latest age fetched).
    public var mean: Double
    /// How many statuses that mean is over.
    public var statuses: Int

    public init(quarter: Int, mean: Double, statuses: Int) {
        self.quarter = quarter
        self.mean = mean
        self.statuses = statuses
    }

    /// The `count` quarter hours of the week in `zone` whose statuses had the highest mean engagement (ties: the
    /// one with more statuses, then the earlier). Where some quarter hours hold two statuses or more, quarters
    /// resting on a single status are left out, so one lucky post does not outrank a habit.
    public static func best(_ samples: [MetricsSample], zone: TimeZone, count: Int) -> [BestQuarter] {
        var sums: [Int: (total: Double, statuses: Int)] = [:]
        for (row, sample) in zip(HistoryLearning.rows(samples), samples.filter { !$0.metrics.isEmpty }) {
            let seconds = Int64(sample.publishedAt.timeIntervalSince1970.rounded(.down))
            let offset = Int64(zone.secondsFromGMT(for: sample.publishedAt))
            let quarter = PlanningGrid.quarterOfWeek(wall: seconds + offset)
            sums[quarter, default: (0, 0)].total += row.engagements
            sums[quarter, default: (0, 0)].statuses += 1
        }
        let floor = sums.values.contains { $0.statuses >= 2 } ? 2 : 1
        return sums.filter { $0.value.statuses >= floor && $0.value.total > 0 }
            .map { BestQuarter(quarter: $0.key, mean: $0.value.total / Double($0.value.statuses),
                               statuses: $0.value.statuses) }
            .sorted { ($0.mean, $0.statuses, -$0.quarter) > ($1.mean, $1.statuses, -$1.quarter) }
            .prefix(count).map { $0 }
    }
}
