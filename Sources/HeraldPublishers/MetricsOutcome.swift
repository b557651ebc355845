import Foundation
import HeraldCore

/// What one metrics fetch learned: figures (or "gone") per remote id asked about, and, when it stopped early, why.
public struct MetricsOutcome: Sendable, Equatable {
    /// Why some ids were not asked about, and when to try again (nil: the caller's own delay).
    public struct Deferral: Sendable, Equatable {
        public var reason: String
        public var retryAt: Date?

        public init(reason: String, retryAt: Date?) {
            self.reason = reason
            self.retryAt = retryAt
        }
    }

    public var fetched: [String: FetchedMetrics]
    public var deferral: Deferral?
    /// The network refused the account's credentials (as a publish would be refused): the account is paused, as
    /// for a refused publish, rather than knocking again every quarter of an hour.
    public var refused: String?

    public init(fetched: [String: FetchedMetrics] = [:], deferral: Deferral? = nil) {
        self.fetched = fetched
        self.deferral = deferral
    }

    /// Nothing fetched.
    public static func deferred(_ reason: String, retryAt: Date? = nil) -> MetricsOutcome {
        MetricsOutcome(deferral: Deferral(reason: reason, retryAt: retryAt))
    }
}
