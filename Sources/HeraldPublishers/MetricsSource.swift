import Foundation
import HeraldCore

/// A publisher that can ask its network how its statuses are doing (X, Mastodon, Bluesky).
///
/// Fetching engagement is background work: it must never take what publishing needs. Each implementation checks
/// the rate-limit state its publishing keeps before every request and answers ``MetricsOutcome/deferral`` instead of
/// sending when the window has no room to spare; the daemon only fetches while the account has no status due, and
/// stops between batches as soon as one is.
public protocol MetricsSource: Sendable {
    /// The most remote ids ``fetchMetrics(_:now:)`` sends in one request (X 100, Bluesky 25, Mastodon 1).
    var metricsBatchSize: Int { get }

    /// The engagement of `remoteIDs` (at most a few batches' worth) now. Never throws: ids it could not ask about
    /// are missing from the result, with the deferral saying why and until when.
    func fetchMetrics(_ remoteIDs: [String], now: Date) async -> MetricsOutcome
}
