import Foundation
import HeraldCore

/// A Mastodon status's counts from `GET /api/v1/statuses/:id` (pure): `favourites_count`, `reblogs_count`,
/// `replies_count`, and `quotes_count` on servers that have quotes (4.5 and later).
enum MastodonStatusMetrics {
    static func parse(_ body: [UInt8]) -> StatusMetrics? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let likes = object["favourites_count"] as? Int, let reposts = object["reblogs_count"] as? Int,
              let replies = object["replies_count"] as? Int
        else { return nil }
        return StatusMetrics(likes: likes, reposts: reposts, replies: replies, quotes: object["quotes_count"] as? Int)
    }
}
