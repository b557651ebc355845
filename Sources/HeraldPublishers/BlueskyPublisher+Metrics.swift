import Foundation
import HeraldCore

/// Metrics on Bluesky: `app.bsky.feed.getPosts?uris=…` (up to 25 `at://` URIs a request) through the account's
/// PDS, which forwards it to the AppView with the session. The PDS counts the account's requests in one window,
/// so a fetch stops while fewer than ``WindowRateLimit/publishingReserve`` are left: publishing keeps its room.
extension BlueskyPublisher: MetricsSource {
    public nonisolated var metricsBatchSize: Int { 25 }

    public func fetchMetrics(_ remoteIDs: [String], now: Date) async -> MetricsOutcome {
        // Only `at://` post URIs can be asked about (the AppView refuses the whole request otherwise).
        var outcome = MetricsOutcome()
        let remoteIDs = remoteIDs.filter { uri in
            guard BlueskyPostURI(uri) != nil, uri.hasPrefix("at://") else {
                outcome.fetched[uri] = .gone
                return false
            }
            return true
        }
        for start in stride(from: 0, to: remoteIDs.count, by: metricsBatchSize) {
            if let until = rateLimit.backgroundBlockedUntil(now: now) {
                outcome.deferral = .init(reason: "Bluesky rate limit kept for publishing", retryAt: until)
                return outcome
            }
            let batch = Array(remoteIDs[start..<min(start + metricsBatchSize, remoteIDs.count)])
            var components = URLComponents(string: xrpc("app.bsky.feed.getPosts"))
            components?.queryItems = batch.map { URLQueryItem(name: "uris", value: $0) }
            let url = components?.string ?? ""
            do throws(Stop) {
                let response = try await authorized(what: "the metrics") { _ in
                    HTTPRequest(method: "GET", url: url, timeout: self.account.timeout)
                }
                let limit = WindowRateLimit.bluesky(response)
                rateLimit = limit
                guard response.status == 200, let page = BlueskyPostsPage(response.body, asked: batch) else {
                    let reason = "Bluesky metrics: \(BlueskyXRPCError(response).description)"
                    outcome.deferral = .init(reason: reason, retryAt: response.status == 429 ? limit.reset : nil)
                    if response.status == 401 { outcome.refused = reason }  // still refused after renewing
                    return outcome
                }
                outcome.fetched.merge(page.results) { $1 }
            } catch {
                outcome.deferral = .init(reason: "Bluesky metrics: \(error.outcome.reason)", retryAt: nil)
                if case let .unauthorized(reason) = error.outcome { outcome.refused = reason }
                return outcome
            }
        }
        return outcome
    }
}
