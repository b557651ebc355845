import Foundation
import HeraldCore
import HeraldPublishers
import HeraldStore

extension PublishWorker {
    /// How long fetches rest after a deferral that named no time (a network failure, an answer that covered none
    /// of the statuses asked about).
    static let metricsRetryDelay: TimeInterval = 15 * 60
    /// The shortest rest: a network that names a reset already past (clock skew) must not make the worker spin.
    static let metricsMinimumRest: TimeInterval = 60

    /// Fetches one batch of the account's due metrics, if there is one and the account's fetches are not resting.
    /// Called only when no status of the account is due; true when a batch was recorded and more may be due (the
    /// caller looks for due statuses first again: publishing always comes before metrics).
    func fetchDueMetrics() async throws(StoreError) -> Bool {
        guard let source = metricsSource, metricsState.restingUntil(account.name, now: now()) == nil else {
            return false
        }
        let due = try database.metricsDue(account: account.name, now: now(), limit: source.metricsBatchSize)
        guard !due.isEmpty else { return false }
        let outcome = await source.fetchMetrics(due.map(\.remoteID), now: now())
        let fetchedAt = now()
        try database.recordMetrics(due, fetched: outcome.fetched, now: fetchedAt)
        let answered = due.filter { outcome.fetched[$0.remoteID] != nil }.count
        if answered > 0 {
            events.logger.debug("status metrics fetched", metadata: [
                "HERALD_ACCOUNT": "\(account.name)", "HERALD_EVENT": "metrics", "HERALD_COUNT": "\(answered)",
            ])
        }
        guard outcome.deferral == nil, answered > 0 else {
            let reason = outcome.deferral?.reason ?? "the network's answer covered none of the statuses asked about"
            let until = max(outcome.deferral?.retryAt ?? fetchedAt.addingTimeInterval(Self.metricsRetryDelay),
                            fetchedAt.addingTimeInterval(Self.metricsMinimumRest))
            metricsState.rest(account.name, until: until)
            events.logger.info("status metrics deferred", metadata: [
                "HERALD_ACCOUNT": "\(account.name)", "HERALD_EVENT": "metrics", "HERALD_REASON": "\(reason)",
                "HERALD_RETRY_AT": "\(RFC3339.string(from: until))",
            ])
            return false
        }
        return true
    }
}
