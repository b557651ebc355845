import Foundation
import HeraldCore

/// The answer to `GET /2/tweets?ids=…&tweet.fields=public_metrics` (pure): `data[].public_metrics`
/// (`like_count`, `retweet_count`, `reply_count`, `quote_count`, and `impression_count` where X gives it), and
/// in `errors[]` the ids X no longer has (`resource-not-found`), which are gone.
struct XMetricsPage: Sendable, Equatable {
    var results: [String: FetchedMetrics]

    init?(_ body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
        var results: [String: FetchedMetrics] = [:]
        for tweet in object["data"] as? [[String: Any]] ?? [] {
            guard let id = tweet["id"] as? String, let metrics = tweet["public_metrics"] as? [String: Any],
                  let likes = metrics["like_count"] as? Int, let reposts = metrics["retweet_count"] as? Int,
                  let replies = metrics["reply_count"] as? Int
            else { continue }
            results[id] = .counts(StatusMetrics(
                likes: likes, reposts: reposts, replies: replies, quotes: metrics["quote_count"] as? Int,
                impressions: metrics["impression_count"] as? Int))
        }
        for error in object["errors"] as? [[String: Any]] ?? [] {
            let type = error["type"] as? String ?? ""
            guard type.hasSuffix("/resource-not-found"), let id = error["resource_id"] as? String ?? error["value"]
                as? String
            else { continue }
            results[id] = .gone
        }
        guard object["data"] != nil || object["errors"] != nil else { return nil }
        self.results = results
    }
}
