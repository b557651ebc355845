import Foundation
import HeraldCore

/// Metrics on X: `GET /2/tweets?ids=…&tweet.fields=public_metrics`, up to 100 ids a request, with the account's
/// own authorization. The look-up endpoint has its own rate-limit window at X, tracked apart from posting's
/// (``XAccountState/noteLookup(_:)``), so fetching metrics never uses up or blocks what posting needs; a fetch is
/// still skipped while posting is blocked, since the account then has statuses waiting.
extension XPublisher: MetricsSource {
    public var metricsBatchSize: Int { 100 }

    public func fetchMetrics(_ remoteIDs: [String], now: Date) async -> MetricsOutcome {
        // An id that is not an X post id (a status of the account when it published elsewhere) would make X refuse
        // the whole request: it can have no figures here.
        var outcome = MetricsOutcome()
        let remoteIDs = remoteIDs.filter { id in
            guard XPostID.parse(id) == id else {
                outcome.fetched[id] = .gone
                return false
            }
            return true
        }
        for start in stride(from: 0, to: remoteIDs.count, by: metricsBatchSize) {
            if let until = await state.blockedUntil(now: now) {
                outcome.deferral = .init(reason: "X posting is rate limited; publishing goes first", retryAt: until)
                return outcome
            }
            if let until = await state.lookupBlockedUntil(now: now) {
                outcome.deferral = .init(reason: "X post look-ups rate limited", retryAt: until)
                return outcome
            }
            let batch = remoteIDs[start..<min(start + metricsBatchSize, remoteIDs.count)]
            let query = [("ids", batch.joined(separator: ",")), ("tweet.fields", "public_metrics")]
            switch await send("GET", "/2/tweets", query: query, now: now) {
            case .response(let response):
                let limit = XRateLimit(response)
                await state.noteLookup(limit)
                guard response.status == 200, let page = XMetricsPage(response.body) else {
                    let reason = "X metrics: HTTP \(response.status): \(XErrorBody(response.body).reason)"
                    outcome.deferral = .init(
                        reason: reason, retryAt: response.status == 429 ? limit.retryAfterTooManyRequests : nil)
                    if response.status == 401 { outcome.refused = reason }
                    return outcome
                }
                outcome.fetched.merge(page.results) { $1 }
            case .transport(let failure):
                outcome.deferral = .init(reason: "X metrics: \(failure)", retryAt: nil)
                return outcome
            case .authorization(let failure):
                outcome.deferral = .init(reason: "X metrics: \(failure)", retryAt: nil)
                if case let .permanent(reason) = failure { outcome.refused = reason }
                return outcome
            }
        }
        return outcome
    }
}
