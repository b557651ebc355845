import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

/// Each network's metrics answer read as the network writes it.
@Suite struct MetricsParsingTests {
    @Test func xPublicMetricsAndNotFoundIds() throws {
        let body = #"""
            {"data": [{"id": "11", "text": "a", "edit_history_tweet_ids": ["11"], "public_metrics":
              {"retweet_count": 2, "reply_count": 3, "like_count": 40, "quote_count": 1, "bookmark_count": 5,
               "impression_count": 1200}},
              {"id": "12", "text": "b", "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1}}],
             "errors": [{"value": "13", "detail": "Could not find tweet with ids: [13].", "title": "Not Found Error",
               "resource_type": "tweet", "parameter": "ids", "resource_id": "13",
               "type": "https://api.twitter.com/2/problems/resource-not-found"},
              {"value": "14", "title": "Authorization Error", "resource_id": "14",
               "type": "https://api.twitter.com/2/problems/not-authorized-for-resource"}]}
            """#
        let page = try #require(XMetricsPage(Array(body.utf8)))
        #expect(page.results["11"] == .counts(StatusMetrics(likes: 40, reposts: 2, replies: 3, quotes: 1,
                                                             impressions: 1200)))
        #expect(page.results["12"] == .counts(StatusMetrics(likes: 1, reposts: 0, replies: 0)))
        #expect(page.results["13"] == .gone)
        #expect(page.results["14"] == nil, "not authorized is not gone: asked again later")
        #expect(XMetricsPage(Array(#"{"title": "Unauthorized"}"#.utf8)) == nil)
        #expect(XMetricsPage(Array("not json".utf8)) == nil)
    }

    @Test func mastodonCounts() {
        let status = #"{"id": "9", "favourites_count": 7, "reblogs_count": 2, "replies_count": 1, "content": "x"}"#
        #expect(MastodonStatusMetrics.parse(Array(status.utf8)) == StatusMetrics(likes: 7, reposts: 2, replies: 1))
        let quoted = #"{"favourites_count": 0, "reblogs_count": 0, "replies_count": 0, "quotes_count": 3}"#
        #expect(MastodonStatusMetrics.parse(Array(quoted.utf8))?.quotes == 3)
        #expect(MastodonStatusMetrics.parse(Array(#"{"error": "Record not found"}"#.utf8)) == nil)
    }

    @Test func blueskyPostViewsAndLeftOutPosts() throws {
        let body = #"""
            {"posts": [{"uri": "at://did:plc:a/app.bsky.feed.post/1", "cid": "c", "likeCount": 5, "repostCount": 1,
                        "replyCount": 2, "quoteCount": 0, "indexedAt": "2026-11-23T14:00:00Z"}]}
            """#
        let asked = ["at://did:plc:a/app.bsky.feed.post/1", "at://did:plc:a/app.bsky.feed.post/2"]
        let page = try #require(BlueskyPostsPage(Array(body.utf8), asked: asked))
        #expect(page.results[asked[0]] == .counts(StatusMetrics(likes: 5, reposts: 1, replies: 2, quotes: 0)))
        #expect(page.results[asked[1]] == .gone, "the AppView leaves deleted posts out")
        #expect(BlueskyPostsPage(Array(#"{"error": "InvalidRequest"}"#.utf8), asked: asked) == nil)
    }

    @Test func aSharedWindowKeepsItsReserveForPublishing() {
        let now = Date(timeIntervalSince1970: 1_795_442_400)
        let reset = now.addingTimeInterval(120)
        #expect(WindowRateLimit().backgroundBlockedUntil(now: now) == nil, "unknown: go")
        #expect(WindowRateLimit(remaining: 31, reset: reset).backgroundBlockedUntil(now: now) == nil)
        #expect(WindowRateLimit(remaining: 30, reset: reset).backgroundBlockedUntil(now: now) == reset)
        #expect(WindowRateLimit(remaining: 0, reset: now.addingTimeInterval(-1)).backgroundBlockedUntil(now: now)
                == nil, "the window has reset")
        #expect(WindowRateLimit(remaining: 3).backgroundBlockedUntil(now: now) == now.addingTimeInterval(60))
    }
}
