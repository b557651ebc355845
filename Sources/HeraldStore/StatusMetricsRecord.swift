import Foundation
import HeraldCore

/// What is stored about one status's engagement (`herald history --metrics`).
public struct StatusMetricsRecord: Sendable, Equatable {
    /// One fetch: the age it stands for, when it happened, the figures.
    public struct Fetch: Sendable, Equatable {
        public var age: TimeInterval
        public var fetchedAt: Date
        public var metrics: StatusMetrics

        public init(age: TimeInterval, fetchedAt: Date, metrics: StatusMetrics) {
            self.age = age
            self.fetchedAt = fetchedAt
            self.metrics = metrics
        }
    }

    public var seq: Int
    public var part: Int
    public var remoteID: String
    /// The fetches so far, youngest age first.
    public var fetches: [Fetch]
    /// When the next fetch is due; nil when done or gone.
    public var dueAt: Date?
    /// When the network said the status no longer exists.
    public var goneAt: Date?
}
