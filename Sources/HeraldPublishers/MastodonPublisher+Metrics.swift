import Foundation
import HeraldCore

/// Metrics on Mastodon: `GET /api/v1/statuses/:id`, one status a request (the API has no batch form for an
/// account's own statuses). Mastodon counts every request of the account in one window, so a fetch stops while
/// fewer than ``WindowRateLimit/publishingReserve`` requests are left in it: publishing keeps its room.
extension MastodonPublisher: MetricsSource {
    public nonisolated var metricsBatchSize: Int { 1 }

    public func fetchMetrics(_ remoteIDs: [String], now: Date) async -> MetricsOutcome {
        var outcome = MetricsOutcome()
        for id in remoteIDs {
            if let until = rateLimit.backgroundBlockedUntil(now: now) {
                outcome.deferral = .init(reason: "Mastodon rate limit kept for publishing", retryAt: until)
                return outcome
            }
            let request = HTTPRequest(method: "GET", url: baseURL + "/api/v1/statuses/\(Self.pathSegment(id))",
                                      headers: authorization, timeout: account.timeout)
            switch await transport.send(request) {
            case .failure(let failure):
                outcome.deferral = .init(reason: "Mastodon metrics: \(failure)", retryAt: nil)
                return outcome
            case .success(let response):
                let limit = WindowRateLimit.mastodon(response)
                rateLimit = limit
                if response.status == 404 || response.status == 410 {
                    outcome.fetched[id] = .gone
                } else if response.status == 200, let metrics = MastodonStatusMetrics.parse(response.body) {
                    outcome.fetched[id] = .counts(metrics)
                } else {
                    outcome.deferral = .init(reason: "Mastodon metrics: HTTP \(response.status)",
                                             retryAt: response.status == 429 ? limit.reset : nil)
                    if response.status == 401 { outcome.refused = "Mastodon refused the access token (HTTP 401)" }
                    return outcome
                }
            }
        }
        return outcome
    }
}
