import Foundation
import HeraldCore
import HeraldTestSupport
import Testing
@testable import HeraldPublishers

/// ``XPublisher`` against `Tests/Support/fakes/fake_x.py`, which checks OAuth 1.0a signatures with oauthlib.
/// Every test asserts how many posts the fake ended up with.
@Suite struct XPublisherTests {
    @Test func publishesASignedPost() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            let status = makeXStatus("Launch day: café ☕ & friends #herald https://example.com/a?b=c")
            let outcome = await publisher.publish(status, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(outcome == .published(remoteID: posts.first?["id"] as? String ?? "?"))
            #expect(posts.first?["text"] as? String == status.text)
            #expect(posts.first?["in_reply_to"] is NSNull)
        }
    }

    @Test func repliesToThePreviousPart() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            guard case .published(let first) = await publisher.publish(makeXStatus(part: 0, partCount: 2), now: Date())
            else { Issue.record("first part not published"); return }
            let second = makeXStatus(part: 1, partCount: 2, seq: 2, inReplyTo: first)
            let outcome = await publisher.publish(second, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 2)
            #expect(outcome == .published(remoteID: posts.last?["id"] as? String ?? "?"))
            #expect(posts.last?["in_reply_to"] as? String == first)
        }
    }

    @Test func uploadsMediaWithAltText() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let image = state.appendingPathComponent("chart.png")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).write(to: image)
            let publisher = try makeXPublisher(fake, state: state)
            let status = makeXStatus(media: [MediaAttachment(
                path: image.path, alt: "Sales by month", allowedDirectories: [image.deletingLastPathComponent().path])])
            let outcome = await publisher.publish(status, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            guard case .published = outcome else { Issue.record("not published: \(outcome)"); return }
            let mediaIDs = posts.first?["media_ids"] as? [String] ?? []
            #expect(mediaIDs.count == 1)
            let stats = try await fake.control("GET", "/_control/stats") as? [String: Any]
            let media = (stats?["media"] as? [String: Any])?[mediaIDs.first ?? ""] as? [String: Any]
            #expect(media?["alt"] as? String == "Sales by month")
            #expect(media?["category"] as? String == "tweet_image")
            #expect(media?["size"] as? Int == 11)
        }
    }

    @Test func serverErrorIsTemporaryAndTheRetryPublishesOnce() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            try await fake.inject([["path": "/2/tweets", "kind": "status", "status": 503]])
            let status = makeXStatus()
            let first = await publisher.publish(status, now: Date())
            guard case .temporary(_, nil) = first else { Issue.record("expected temporary: \(first)"); return }
            #expect(try await fake.statuses().count == 0)
            let second = await publisher.publish(status, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(second == .published(remoteID: posts.first?["id"] as? String ?? "?"))
        }
    }

    @Test func tooManyRequestsWaitsForTheReset() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            let reset = Int(Date().timeIntervalSince1970) + 600
            try await fake.inject([["path": "/2/tweets", "kind": "429", "reset": reset]])
            let outcome = await publisher.publish(makeXStatus(), now: Date())
            guard case .temporary(let reason, let retryAfter) = outcome else {
                Issue.record("expected temporary: \(outcome)")
                return
            }
            #expect(retryAfter == Date(timeIntervalSince1970: TimeInterval(reset)))
            #expect(reason.contains("429"))
            #expect(try await fake.statuses().count == 0)
        }
    }

    @Test func exhaustedWindowSendsNothingBeforeTheReset() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            let reset = Int(Date().timeIntervalSince1970) + 900
            let userReset = reset + 3600
            try await fake.control("POST", "/_control/rate", json: [
                "limit": 1, "reset": reset, "user_limit": 17, "user_reset": userReset,
            ])
            guard case .published = await publisher.publish(makeXStatus(), now: Date()) else {
                Issue.record("first post not published")
                return
            }
            let outcome = await publisher.publish(makeXStatus(postID: "post-2"), now: Date())
            #expect(outcome == .temporary(
                reason: "X rate limit exhausted until \(RFC3339String(reset))",
                retryAfter: Date(timeIntervalSince1970: TimeInterval(reset))))
            #expect(try await fake.requestCount("POST /2/tweets") == 1)
            #expect(try await fake.statuses().count == 1)
            // After the reset the window is open again (the publisher is told a later `now`).
            let later = Date(timeIntervalSince1970: TimeInterval(reset + 1))
            #expect(await publisher.state.blockedUntil(now: later) == nil)
        }
    }

    @Test func exhaustedDailyUserLimitBlocksUntilItsReset() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            let reset = Int(Date().timeIntervalSince1970) + 900
            let userReset = reset + 3600
            try await fake.control("POST", "/_control/rate", json: [
                "limit": 50, "reset": reset, "user_limit": 1, "user_reset": userReset,
            ])
            guard case .published = await publisher.publish(makeXStatus(), now: Date()) else {
                Issue.record("first post not published")
                return
            }
            let outcome = await publisher.publish(makeXStatus(postID: "post-2"), now: Date())
            guard case .temporary(_, let retryAfter) = outcome else { Issue.record("\(outcome)"); return }
            #expect(retryAfter == Date(timeIntervalSince1970: TimeInterval(userReset)))
            #expect(try await fake.requestCount("POST /2/tweets") == 1)
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func duplicateAfterAnUnknownOutcomeIsPublishedWithTheFirstID() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            let status = makeXStatus()
            // The post is created but the connection drops before the answer: outcome unknown.
            try await fake.inject([["path": "/2/tweets", "kind": "drop"]])
            let first = await publisher.publish(status, now: Date())
            guard case .temporary(let reason, _) = first else { Issue.record("\(first)"); return }
            #expect(reason.contains("outcome unknown"))
            // X's timeline does not list the post yet, so the retry reaches X, which refuses the duplicate.
            try await fake.control("POST", "/_control/lag", json: ["requests": 1])
            let second = await publisher.publish(status, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(second == .published(remoteID: posts.first?["id"] as? String ?? "?"))
            #expect(try await fake.requestCount("POST /2/tweets") == 2)
        }
    }

    @Test func unknownOutcomesSurviveAReloadOfThePublisher() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let status = makeXStatus()
            try await fake.inject([["path": "/2/tweets", "kind": "drop"]])
            guard case .temporary = await (try makeXPublisher(fake, state: state)).publish(status, now: Date()) else {
                Issue.record("expected temporary")
                return
            }
            // A reload makes a new publisher; the timeline lags, X refuses the retry as a duplicate, and the new
            // publisher still knows the first attempt's outcome was unknown.
            try await fake.control("POST", "/_control/lag", json: ["requests": 1])
            let reloaded = try makeXPublisher(fake, state: state)
            let outcome = await reloaded.publish(status, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(outcome == .published(remoteID: posts.first?["id"] as? String ?? "?"))
            let saved = try JSONDecoder().decode(
                [String].self, from: Data(contentsOf: state.appendingPathComponent("x-unknown-outcomes.json")))
            #expect(saved == [])
        }
    }

    @Test func duplicateWithoutAnUnknownOutcomeIsPermanent() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            guard case .published = await publisher.publish(makeXStatus("Same words"), now: Date()) else {
                Issue.record("first post not published")
                return
            }
            let outcome = await publisher.publish(makeXStatus("Same words", postID: "post-2"), now: Date())
            #expect(outcome == .permanent(reason: "X refused the post (HTTP 403): You are not allowed to create a "
                + "Tweet with duplicate content."))
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func droppedConnectionIsResolvedByLookingThePostUp() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            let status = makeXStatus("Dropped https://example.com/x")
            try await fake.inject([["path": "/2/tweets", "kind": "drop"]])
            guard case .temporary = await publisher.publish(status, now: Date()) else {
                Issue.record("expected temporary")
                return
            }
            // A fresh publisher, as after a restart: it has no memory of the attempt.
            let restarted = try makeXPublisher(fake, state: state)
            let resolution = await restarted.resolve(status)
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(resolution == .published(remoteID: posts.first?["id"] as? String ?? "?"))
        }
    }

    @Test func slowResponsePastTheTimeoutIsResolvedWithoutASecondPost() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state, timeout: 1)
            let status = makeXStatus()
            try await fake.inject([["path": "/2/tweets", "kind": "slow", "seconds": 4]])
            guard case .temporary(let reason, _) = await publisher.publish(status, now: Date()) else {
                Issue.record("expected temporary")
                return
            }
            #expect(reason.contains("outcome unknown"))
            // The retry looks the post up first and finds it: no second POST.
            let retry = await publisher.publish(status, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(retry == .published(remoteID: posts.first?["id"] as? String ?? "?"))
            #expect(try await fake.requestCount("POST /2/tweets") == 1)
        }
    }

    @Test func resolveSaysNotPublishedWhenTheWindowHoldsNoSuchPost() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            guard case .published = await publisher.publish(makeXStatus("Another post"), now: Date()) else {
                Issue.record("not published")
                return
            }
            #expect(await publisher.resolve(makeXStatus("Never sent", postID: "post-2")) == .notPublished)
            try await fake.inject([["path": "/2/users/42/tweets", "kind": "status", "status": 503]])
            #expect(await publisher.resolve(makeXStatus("Never sent", postID: "post-2")) == .unknown)
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func badSignatureIsUnauthorized() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            var credentials = xOAuth1Credentials
            credentials["consumer_secret"] = "wrong-secret"
            let publisher = try makeXPublisher(fake, state: state, credentials: credentials)
            let outcome = await publisher.publish(makeXStatus(), now: Date())
            #expect(outcome == .unauthorized(reason: "X refused the credentials (HTTP 401): Unauthorized"))
            #expect(try await fake.statuses().count == 0)
        }
    }

    @Test func fakeRefusesUnknownFieldsWithXsProblemBody() async throws {
        // The fake's shape check is what makes the other tests meaningful: a field X does not know is refused
        // with X's problem body.
        let fake = try await FakeServer.start("fake_x.py", arguments: ["--access-token-v2", "at-fixed"])
        let request = HTTPRequest(
            method: "POST", url: fake.baseURL + "/2/tweets",
            headers: [("Content-Type", "application/json"), ("Authorization", "Bearer at-fixed")],
            body: Array(#"{"text":"x","status":"y"}"#.utf8))
        guard case .success(let response) = await AsyncHTTPTransport.shared.send(request) else {
            Issue.record("no response")
            return
        }
        #expect(response.status == 400)
        let body = try jsonObject(Data(response.body))
        #expect(body["title"] as? String == "Invalid Request")
        #expect(XErrorBody(response.body).reason == "One or more parameters to your request was invalid.")
        #expect(try await fake.statuses().count == 0)
    }
}

/// `RFC3339.string` of an epoch second, as the publisher's reasons show it.
func RFC3339String(_ seconds: Int) -> String {
    RFC3339.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}
