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

    /// What one metrics step leaves the worker to do.
    enum MetricsStep {
        /// A batch was recorded and more may be due (look for due statuses first again).
        case more
        /// Nothing (more) to fetch now.
        case done
        /// The network refused the account's credentials: the account is paused, as for a refused publish.
        case paused(AccountPause)
    }

    /// Fetches one batch of the account's due metrics, if there is one and the account's fetches are not resting.
    /// Called only when no status of the account is due (publishing always comes before metrics).
    func fetchDueMetrics() async throws(StoreError) -> MetricsStep {
        guard let source = metricsSource, metricsState.restingUntil(account.name, now: now()) == nil else {
            return .done
        }
        let due = try database.metricsDue(account: account.name, now: now(), limit: source.metricsBatchSize)
        guard !due.isEmpty else { return .done }
        let outcome = await source.fetchMetrics(due.map(\.remoteID), now: now())
        let fetchedAt = now()
        if let reason = outcome.refused {
            let pause = AccountPause(account: account.name, reason: reason, pausedAt: fetchedAt,
                                     credentials: credentials)
            try database.pause(pause)
            return .paused(pause)  // the loop logs it, once for the account
        }
        try database.recordMetrics(due, fetched: outcome.fetched, answeredAll: outcome.deferral == nil, now: fetchedAt)
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
            return .done
        }
        return .more
    }
}
