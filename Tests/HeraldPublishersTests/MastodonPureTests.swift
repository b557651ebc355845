import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

/// Mastodon's pure parts: instance settings and their refresh, rate-limit headers, response classification.
@Suite struct MastodonPureTests {
    static let fetched = Date(timeIntervalSince1970: 1_795_442_400)

    @Test func instanceSettingsAreParsed() {
        let body = #"{"configuration":{"statuses":{"max_characters":1000,"characters_reserved_per_url":30}}}"#
        let info = MastodonInstanceInfo.parse(Array(body.utf8), fetchedAt: Self.fetched)
        #expect(info
                == MastodonInstanceInfo(maxCharacters: 1000, charactersReservedPerURL: 30, fetchedAt: Self.fetched))
        #expect(info?.settings == MastodonSettings(maxCharacters: 1000, charactersReservedPerURL: 30))
    }

    @Test func missingReservedPerURLIsMastodonsDefault() {
        let body = Array(#"{"configuration":{"statuses":{"max_characters":500}}}"#.utf8)
        #expect(MastodonInstanceInfo.parse(body, fetchedAt: Self.fetched)?.charactersReservedPerURL == 23)
    }

    @Test(arguments: [#"{}"#, #"{"configuration":{"statuses":{"max_characters":0}}}"#, "not json", "[]"])
    func unusableInstanceBodies(_ body: String) {
        #expect(MastodonInstanceInfo.parse(Array(body.utf8), fetchedAt: Self.fetched) == nil)
    }

    @Test(arguments: [
        (0.0, false), (3600.0, false), (86_399.0, false), (86_400.0, true), (200_000.0, true), (-200.0, false),
        (-301.0, true),
    ])
    func refreshedOnceADayOrWhenFromTheFuture(_ elapsed: Double, _ stale: Bool) {
        let info = MastodonInstanceInfo(maxCharacters: 500, charactersReservedPerURL: 23, fetchedAt: Self.fetched)
        #expect(info.isStale(now: Self.fetched.addingTimeInterval(elapsed)) == stale)
    }

    @Test func cacheFileRoundTrips() throws {
        let info = MastodonInstanceInfo(maxCharacters: 777, charactersReservedPerURL: 20, fetchedAt: Self.fetched)
        let data = try JSONEncoder().encode(info)
        let object = try jsonObject(data)
        #expect(object["fetched_at"] as? String == "2026-11-23T14:00:00Z")
        #expect(try JSONDecoder().decode(MastodonInstanceInfo.self, from: data) == info)
    }

    @Test func mastodonRateLimitHeaders() {
        let response = HTTPResponse(status: 200, headers: [
            ("x-ratelimit-limit", "300"), ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "2026-11-23T14:05:00.123456Z"),
        ])
        let limit = WindowRateLimit.mastodon(response)
        let reset = Date(timeIntervalSince1970: 1_795_442_700)
        #expect(limit.remaining == 0)
        // Fractional seconds are kept to the millisecond.
        #expect(abs((limit.reset ?? .distantPast).timeIntervalSince(reset) - 0.123) < 0.0005)
        #expect(limit.blockedUntil(now: Self.fetched) == limit.reset)
        #expect(limit.blockedUntil(now: reset.addingTimeInterval(1)) == nil)
        let whole = HTTPResponse(status: 200, headers: [("X-RateLimit-Reset", "2026-11-23T14:05:00Z")])
        #expect(WindowRateLimit.mastodon(whole).reset == reset)
        #expect(WindowRateLimit(remaining: 3, reset: reset).blockedUntil(now: Self.fetched) == nil)
        #expect(WindowRateLimit.mastodon(HTTPResponse(status: 200)) == WindowRateLimit())
    }

    @Test func responsesAreClassified() {
        func response(_ status: Int, _ body: String, _ headers: [(name: String, value: String)] = []) -> HTTPResponse {
            HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
        }
        #expect(MastodonReply.outcome(response(200, #"{"id":"42"}"#)) == .published(remoteID: "42"))
        #expect(MastodonReply.outcome(response(422, #"{"error":"Validation failed: Text can't be blank"}"#))
                == .permanent(reason: "Mastodon refused the status (HTTP 422): Validation failed: Text can't be blank"))
        #expect(MastodonReply.outcome(response(502, "<html>bad gateway</html>"))
                == .temporary(reason: "Mastodon HTTP 502: <html>bad gateway</html>", retryAfter: nil))
        let limited = response(429, #"{"error":"Too many requests"}"#, [("X-RateLimit-Reset", "2026-11-23T14:05:00Z")])
        #expect(MastodonReply.outcome(limited) == .temporary(
            reason: "Mastodon rate limit (HTTP 429): Too many requests",
            retryAfter: Date(timeIntervalSince1970: 1_795_442_700)))
    }

    @Test func statusBodyCarriesTheFields() throws {
        var status = makeStatus(text: "Bonjour", inReplyTo: "109")
        status.language = "fr"
        let body = MastodonStatusBody.make(status, visibility: .private, spoilerText: "CW", mediaIDs: ["1", "2"])
        let object = try jsonObject(Data(body))
        #expect(object["status"] as? String == "Bonjour")
        #expect(object["in_reply_to_id"] as? String == "109")
        #expect(object["visibility"] as? String == "private")
        #expect(object["language"] as? String == "fr")
        #expect(object["spoiler_text"] as? String == "CW")
        #expect(object["media_ids"] as? [String] == ["1", "2"])
        let plain = try jsonObject(Data(MastodonStatusBody.make(makeStatus(), visibility: .public)))
        #expect(plain["in_reply_to_id"] == nil && plain["media_ids"] == nil && plain["spoiler_text"] == nil)
    }

    @Test func multipartFieldNamesCannotBreakOut() {
        var form = MultipartFormBody(boundary: "B")
        form.add(name: "description", value: "alt \"text\"")
        form.add(name: "file", filename: "a\"b\r\n.png", mimeType: "image/png", data: [1, 2])
        let text = String(decoding: form.finished, as: UTF8.self)
        #expect(text.contains("filename=\"a%22b%0D%0A.png\""))
        #expect(text.hasSuffix("--B--\r\n"))
        #expect(form.contentType == "multipart/form-data; boundary=B")
    }
}

/// `In-Reply-To:` on Mastodon: an id, or a status address on the account's instance.
@Suite struct MastodonReplyTargetTests {
    @Test(arguments: [
        ("109876543210", "109876543210"),
        ("https://fedi.example/@alice/109876543210", "109876543210"),
        ("https://fedi.example/users/alice/statuses/109876543210", "109876543210"),
        ("https://other.example/@alice/109876543210", "https://other.example/@alice/109876543210"),
        ("https://fedi.example/@alice", "https://fedi.example/@alice"),
    ])
    func ids(_ reference: String, _ expected: String) {
        #expect(MastodonReplyTarget.id(reference, baseURL: "https://fedi.example") == expected)
    }
}
