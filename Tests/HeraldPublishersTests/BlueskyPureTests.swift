import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

/// Bluesky's pure parts: record keys, URIs, errors, rate-limit headers and the record body.
@Suite struct BlueskyPureTests {
    @Test func recordKeyIsDeterministicAndAValidTID() {
        let key = BlueskyRecordKey.derive(from: "post-1.brand.0")
        #expect(key == BlueskyRecordKey.derive(from: "post-1.brand.0"))
        #expect(BlueskyRecordKey.isValidTID(key))
        #expect(key != BlueskyRecordKey.derive(from: "post-1.brand.1"))
    }

    @Test func recordKeysOfManyStatusesAreDistinctAndValid() {
        var seen = Set<String>()
        for post in 0..<200 {
            for part in 0..<5 {
                let key = BlueskyRecordKey.derive(from: "p\(post).brand.\(part)")
                #expect(BlueskyRecordKey.isValidTID(key), "\(key)")
                seen.insert(key)
            }
        }
        #expect(seen.count == 1000)
    }

    @Test func tidEncoding() {
        #expect(BlueskyRecordKey.encode(0) == "2222222222222")
        #expect(BlueskyRecordKey.encode(0x7FFF_FFFF_FFFF_FFFF) == "bzzzzzzzzzzzz")
        #expect(BlueskyRecordKey.encode(31) == "222222222222z")
        #expect(!BlueskyRecordKey.isValidTID("kzzzzzzzzzzzz"))  // top bit set
        #expect(!BlueskyRecordKey.isValidTID("222222222222"))
        #expect(!BlueskyRecordKey.isValidTID("22222222222221"))
    }

    @Test func postURIs() {
        let uri = BlueskyPostURI("at://did:plc:abc/app.bsky.feed.post/3kabc")
        #expect(uri == BlueskyPostURI(repo: "did:plc:abc", rkey: "3kabc"))
        #expect(uri?.string == "at://did:plc:abc/app.bsky.feed.post/3kabc")
        #expect(BlueskyPostURI("https://bsky.app/profile/alice.test/post/3kabc")
                == BlueskyPostURI(repo: "alice.test", rkey: "3kabc"))
        #expect(BlueskyPostURI("https://bsky.app/profile/alice.test/feed/x") == nil)
        #expect(BlueskyPostURI("https://example.com/profile/a/post/b") == nil)
        #expect(BlueskyPostURI("at://did:plc:abc/app.bsky.feed.post") == nil)
        #expect(BlueskyPostURI("at://did:plc:abc//x") == nil)
    }

    @Test func errorsAreClassified() {
        func response(_ status: Int, _ body: String, _ headers: [(name: String, value: String)] = []) -> HTTPResponse {
            HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
        }
        let expired = BlueskyXRPCError(response(400, #"{"error":"ExpiredToken","message":"Token has expired"}"#))
        #expect(expired.isExpiredToken && !expired.isRecordExists)
        #expect(BlueskyXRPCError(response(400, #"{"error":"InvalidRequest","message":"Record already exists"}"#))
            .isRecordExists)
        #expect(BlueskyXRPCError(response(409, "")).isRecordExists)
        #expect(BlueskyXRPCError(response(400, #"{"error":"InvalidSwap"}"#)).isRecordExists)
        #expect(BlueskyXRPCError(response(400, #"{"error":"RecordNotFound"}"#)).isNotFound)
        let invalid = response(400, #"{"error":"InvalidRequest","message":"Invalid facet"}"#)
        #expect(BlueskyXRPCError(invalid).outcome(invalid, what: "the post")
                == .permanent(reason: "Bluesky refused the post (HTTP 400 InvalidRequest: Invalid facet)"))
        let limited = response(429, #"{"error":"RateLimitExceeded"}"#, [("ratelimit-reset", "1795442700")])
        #expect(BlueskyXRPCError(limited).outcome(limited, what: "the post")
                == .temporary(reason: "Bluesky rate limit on the post (HTTP 429 RateLimitExceeded)",
                              retryAfter: Date(timeIntervalSince1970: 1_795_442_700)))
        let down = response(502, "")
        #expect(BlueskyXRPCError(down).outcome(down, what: "the post")
                == .temporary(reason: "Bluesky the post failed (HTTP 502)", retryAfter: nil))
    }

    @Test func blueskyRateLimitHeaders() {
        let response = HTTPResponse(
            status: 200, headers: [("RateLimit-Remaining", "0"), ("ratelimit-reset", "1795442700")])
        let limit = WindowRateLimit.bluesky(response)
        #expect(limit == WindowRateLimit(remaining: 0, reset: Date(timeIntervalSince1970: 1_795_442_700)))
        #expect(limit.blockedUntil(now: Date(timeIntervalSince1970: 1_795_442_000)) == limit.reset)
    }

    @Test func recordBodyDropsUnresolvedMentionsAndCarriesReplyAndImages() throws {
        let facets = [
            BlueskyFacet(byteStart: 0, byteEnd: 4, feature: .mention(handle: "Bob.Example.com")),
            BlueskyFacet(byteStart: 5, byteEnd: 9, feature: .mention(handle: "nobody.example.com")),
            BlueskyFacet(byteStart: 10, byteEnd: 14, feature: .tag("tag")),
        ]
        let encoded = BlueskyPostRecord.facets(facets, dids: ["bob.example.com": "did:plc:bob"])
        #expect(encoded.count == 2)
        let root = BlueskyStrongRef(uri: "at://did:plc:me/app.bsky.feed.post/a", cid: "c1")
        let parent = BlueskyStrongRef(uri: "at://did:plc:me/app.bsky.feed.post/b", cid: "c2")
        let body = BlueskyPostRecord.body(
            repo: "did:plc:me", rkey: "3abc", text: "hi", createdAt: Date(timeIntervalSince1970: 1_795_442_400),
            language: "nb", facets: encoded, reply: (root, parent),
            images: [.init(blob: Array(#"{"$type":"blob","ref":{"$link":"x"}}"#.utf8), alt: "alt")])
        let object = try jsonObject(Data(body))
        #expect(object["rkey"] as? String == "3abc")
        #expect(object["collection"] as? String == "app.bsky.feed.post")
        let record = try #require(object["record"] as? [String: Any])
        #expect(record["createdAt"] as? String == "2026-11-23T14:00:00Z")
        #expect(record["langs"] as? [String] == ["nb"])
        let reply = try #require(record["reply"] as? [String: [String: String]])
        #expect(reply["root"] == ["uri": root.uri, "cid": "c1"])
        #expect(reply["parent"] == ["uri": parent.uri, "cid": "c2"])
        let embed = try #require(record["embed"] as? [String: Any])
        #expect(embed["$type"] as? String == "app.bsky.embed.images")
        #expect((embed["images"] as? [[String: Any]])?.first?["alt"] as? String == "alt")
    }
}

/// The saved Bluesky session: parsed from the server's answer, kept as a 0600 file.
@Suite struct BlueskySessionTests {
    @Test func parsedFromTheServersAnswer() {
        let body = Array(#"{"accessJwt":"a","refreshJwt":"r","did":"did:plc:x","handle":"x.test"}"#.utf8)
        #expect(BlueskySession.parse(body) == BlueskySession(accessJwt: "a", refreshJwt: "r", did: "did:plc:x",
                                                               handle: "x.test"))
        #expect(BlueskySession.parse(Array(#"{"accessJwt":"a","did":"did:plc:x"}"#.utf8)) == nil)
        #expect(BlueskySession.parse(Array("[]".utf8)) == nil)
    }

    @Test func savedOwnerOnlyAndLoadedBack() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("networks/brand/bluesky-session.json")
            #expect(BlueskySession.load(from: file) == nil)
            let session = BlueskySession(accessJwt: "a", refreshJwt: "r", did: "did:plc:x")
            try session.save(to: file)
            #expect(BlueskySession.load(from: file) == session)
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            try Data("garbage".utf8).write(to: file)
            #expect(BlueskySession.load(from: file) == nil)  // unreadable: log in again rather than fail
        }
    }
}
