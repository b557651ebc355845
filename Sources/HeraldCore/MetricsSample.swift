import Foundation

/// One published status of an account with the engagement fetched for it, by age: what learning from history
/// reads.
public struct MetricsSample: Sendable, Equatable {
    public var publishedAt: Date
    /// Age in seconds → the figures fetched at that age.
    public var metrics: [TimeInterval: StatusMetrics]

    public init(publishedAt: Date, metrics: [TimeInterval: StatusMetrics]) {
        self.publishedAt = publishedAt
        self.metrics = metrics
    }
}
