import Foundation

/// Turns an account's own statuses and their fetched engagement into the rows ``CurveFitter`` fits, as an X
/// analytics export would give them (`herald learn --from-history`, `learn = "weekly"`; pure).
///
/// The signal of a status is its engagement at ``signalAge`` (24 h: reactions have mostly arrived, and the figure
/// is comparable between statuses), or, for a status not yet that old or whose 24 h fetch was missed, at the
/// latest age fetched. Statuses without any figures (too young, on a network without metrics, deleted before the
/// first fetch) are left out. The time is the status's publication, which is what the curve is about.
public enum HistoryLearning {
    /// The age whose figures are preferred.
    public static let signalAge: TimeInterval = 86_400
    /// Fewer statuses than this say more about chance than about the audience: learning refuses them.
    public static let minimumStatuses = 20

    /// One row per status that has figures, in the order given.
    public static func rows(_ samples: [MetricsSample]) -> [EngagementExport.Row] {
        samples.enumerated().compactMap { index, sample in
            guard let metrics = sample.metrics[signalAge]
                ?? sample.metrics.max(by: { $0.key < $1.key })?.value
            else { return nil }
            return EngagementExport.Row(
                line: index + 1, time: sample.publishedAt, impressions: Double(metrics.impressions ?? 0),
                engagements: Double(metrics.engagements))
        }
    }

    /// Fits the account's curve from `samples` with ``CurveFitter``'s defaults, as `herald learn FILE.csv` does.
    public static func fit(
        _ samples: [MetricsSample], zone: TimeZone, halfLife: Double, now: Date, prior: ActivityCurve
    ) throws(HistoryLearningError) -> CurveFitter.Fit {
        let rows = rows(samples)
        guard rows.count >= minimumStatuses else {
            throw .tooFewStatuses(found: rows.count, needed: minimumStatuses)
        }
        do {
            return try CurveFitter().fit(rows, zone: zone, halfLife: halfLife, now: now, prior: prior)
        } catch {
            throw .noSignal(statuses: rows.count)
        }
    }
}
