import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

/// ``XTimelinePage/match(_:since:)`` with texts shaped as X's v2 timeline shapes them.
struct XTimelinePageTests {
    func page(_ items: [[String: Any]]) throws -> XTimelinePage {
        let body = try JSONSerialization.data(withJSONObject: ["data": items])
        return try #require(XTimelinePage(Array(body)))
    }

    func status(_ text: String, media: Int = 0, inReplyTo: String? = nil) -> OutgoingStatus {
        OutgoingStatus(
            postID: "p", account: "brand", part: 0, partCount: 1, seq: 1, text: text, inReplyTo: inReplyTo,
            scheduledAt: Date(timeIntervalSince1970: 0), idempotencyKey: "p#0",
            media: Array(repeating: MediaAttachment(path: "/m.png"), count: media))
    }

    @Test func escapedEntitiesAndTheMediaLinkAreIgnored() throws {
        let timeline = try page([[
            "id": "7", "text": "Tom &amp; Jerry &lt;3 &gt; &amp;lt; https://t.co/AbC123",
            "attachments": ["media_keys": ["3_1"]],
        ]])
        #expect(timeline.match(status("Tom & Jerry <3 > &lt;", media: 1), since: .distantPast) == "7")
        #expect(timeline.match(status("Tom & Jerry <3 > &lt;", media: 0), since: .distantPast) == nil)
        #expect(timeline.match(status("Tom & Jerry <3 > &lt;", media: 2), since: .distantPast) == nil)
    }

    @Test func aMediaOnlyPostIsJustItsLink() throws {
        let timeline = try page([["id": "8", "text": "https://t.co/xyz", "attachments": ["media_keys": ["3_1"]]]])
        #expect(timeline.match(status("", media: 1), since: .distantPast) == "8")
    }

    @Test func aLinkInTheTextIsKeptWithoutMedia() throws {
        let timeline = try page([["id": "9", "text": "Read https://t.co/abc"]])
        #expect(timeline.match(status("Read https://example.com/a"), since: .distantPast) == "9")
        #expect(timeline.match(status("Read"), since: .distantPast) == nil)
    }

    @Test func aReplyTargetGivenAsAnAddressComparesByID() throws {
        let timeline = try page([[
            "id": "10", "text": "Yes", "referenced_tweets": [["type": "replied_to", "id": "5"]],
        ]])
        #expect(timeline.match(status("Yes", inReplyTo: "https://x.com/a/status/5"), since: .distantPast) == "10")
        #expect(timeline.match(status("Yes", inReplyTo: "6"), since: .distantPast) == nil)
    }
}
