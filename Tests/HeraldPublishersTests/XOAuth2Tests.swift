import Foundation
import Testing
@testable import HeraldPublishers

/// OAuth 2.0 user tokens against `fake_x.py`, whose refresh tokens are single-use like X's.
@Suite(.enabled(if: xFakeUnavailable == nil, "skipped: \(xFakeUnavailable ?? "")"))
struct XOAuth2Tests {
    let credentials = ["client_id": "test-client-id", "refresh_token": "rt-initial"]

    @Test func concurrentPublishesShareOneRefreshThatIsPersistedFirst() async throws {
        let fake = try FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state, credentials: credentials)
            async let first = publisher.publish(makeXStatus(postID: "post-1"), now: Date())
            async let second = publisher.publish(makeXStatus(postID: "post-2"), now: Date())
            let outcomes = await [first, second]
            let posts = try await fake.statuses()
            #expect(posts.count == 2)
            for outcome in outcomes {
                guard case .published = outcome else { Issue.record("not published: \(outcome)"); continue }
            }
            let stats = try await fake.control("GET", "/_control/stats") as? [String: Any]
            #expect(stats?["refreshes"] as? Int == 1)
            let file = state.appendingPathComponent("x-oauth2-tokens.json")
            var info = stat()
            #expect(stat(file.path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            let saved = try JSONDecoder().decode(XOAuth2Tokens.self, from: Data(contentsOf: file))
            #expect(saved.refreshToken != "rt-initial")
            #expect(saved.accessToken?.hasPrefix("at-") == true)
        }
    }

    @Test func restartUsesThePersistedPairAndRefreshesOnceOn401() async throws {
        let fake = try FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state, credentials: credentials)
            guard case .published = await publisher.publish(makeXStatus(postID: "post-1"), now: Date()) else {
                Issue.record("first post not published")
                return
            }
            // The access token stops working; a new publisher (a restart) must use the saved refresh token, as
            // the credentials file's one is spent.
            try await fake.control("POST", "/_control/expire_tokens")
            let restarted = try makeXPublisher(fake, state: state, credentials: credentials)
            let outcome = await restarted.publish(makeXStatus(postID: "post-2"), now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 2)
            #expect(outcome == .published(remoteID: posts.last?["id"] as? String ?? "?"))
            let stats = try await fake.control("GET", "/_control/stats") as? [String: Any]
            #expect(stats?["refreshes"] as? Int == 2)
            #expect(try await fake.requestCount("POST /2/tweets") == 3)  // 201, 401, 201
        }
    }

    @Test func aSpentRefreshTokenIsPermanent() async throws {
        let fake = try FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state, credentials: credentials)
            guard case .published = await publisher.publish(makeXStatus(postID: "post-1"), now: Date()) else {
                Issue.record("first post not published")
                return
            }
            // Another state directory: only the credentials file's refresh token, which X already took.
            let elsewhere = state.appendingPathComponent("elsewhere")
            let stale = try makeXPublisher(fake, state: elsewhere, credentials: credentials)
            let outcome = await stale.publish(makeXStatus(postID: "post-2"), now: Date())
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent: \(outcome)"); return }
            #expect(reason.contains("invalid_request: Value passed for the token was invalid."))
            #expect(try await fake.statuses().count == 1)
        }
    }
}
