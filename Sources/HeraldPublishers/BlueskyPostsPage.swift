import Foundation
import HeraldCore

/// The answer to `app.bsky.feed.getPosts?uris=…` (pure): a `posts` array of post views with `likeCount`,
/// `repostCount`, `replyCount` and `quoteCount`. The AppView leaves out posts it does not have (deleted, or their
/// account gone) without an error: an asked uri missing from the answer is gone.
struct BlueskyPostsPage: Sendable, Equatable {
    var results: [String: FetchedMetrics]

    init?(_ body: [UInt8], asked: [String]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let posts = object["posts"] as? [[String: Any]]
        else { return nil }
        var results: [String: FetchedMetrics] = [:]
        for uri in asked { results[uri] = .gone }
        for post in posts {
            guard let uri = post["uri"] as? String else { continue }
            results[uri] = .counts(StatusMetrics(
                likes: post["likeCount"] as? Int ?? 0, reposts: post["repostCount"] as? Int ?? 0,
                replies: post["replyCount"] as? Int ?? 0, quotes: post["quoteCount"] as? Int))
        }
        self.results = results
    }
}
