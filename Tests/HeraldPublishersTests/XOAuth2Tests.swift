import Foundation
import HeraldTestSupport
import Testing
@testable import HeraldPublishers

/// OAuth 2.0 user tokens against `fake_x.py`, whose refresh tokens are single-use like X's.
@Suite struct XOAuth2Tests {
    let credentials = ["client_id": "test-client-id", "refresh_token": "rt-initial"]

    @Test func concurrentPublishesShareOneRefreshThatIsPersistedFirst() async throws {
        let fake = try await FakeServer.start("fake_x.py")
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

    @Test func a401RefreshesOnceAndRetries() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state, credentials: credentials)
            guard case .published = await publisher.publish(makeXStatus(postID: "post-1"), now: Date()) else {
                Issue.record("first post not published")
                return
            }
            // The access token stops working; the publisher made on reload (same store) gets a 401, refreshes
            // with the latest refresh token (the credentials file's one is spent) and retries once.
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

    @Test func reloadSharesTheStoreAndANewProcessReadsTheSavedPair() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state, credentials: credentials)
            guard case .published = await publisher.publish(makeXStatus(postID: "post-1"), now: Date()) else {
                Issue.record("first post not published")
                return
            }
            // A reload in the same process: the same store, so no second refresh with a spent token.
            let reloaded = try makeXPublisher(fake, state: state, credentials: credentials)
            guard case .oauth2(let first) = publisher.authorization, case .oauth2(let second) = reloaded.authorization
            else { Issue.record("not OAuth 2.0"); return }
            #expect(first === second)
            // A new process: a fresh store on the same file must refresh with the saved refresh token.
            try await fake.control("POST", "/_control/expire_tokens")
            let fresh = XTokenStore(
                clientID: "test-client-id", clientSecret: nil,
                initial: XOAuth2Tokens(accessToken: nil, refreshToken: "rt-initial", expiresAt: nil),
                tokenURL: fake.baseURL + "/2/oauth2/token", file: first.file, transport: AsyncHTTPTransport.shared,
                timeout: 10)
            let saved = try JSONDecoder().decode(XOAuth2Tokens.self, from: Data(contentsOf: first.file))
            guard case .success(let token) = await fresh.refresh(replacing: saved.accessToken, now: Date()) else {
                Issue.record("the saved refresh token was not used")
                return
            }
            #expect(token.hasPrefix("at-") && token != saved.accessToken)
            let stats = try await fake.control("GET", "/_control/stats") as? [String: Any]
            #expect(stats?["refreshes"] as? Int == 2)
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func aSpentRefreshTokenIsUnauthorized() async throws {
        let fake = try await FakeServer.start("fake_x.py")
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
            guard case .unauthorized(let reason) = outcome else {
                Issue.record("expected unauthorized: \(outcome)")
                return
            }
            #expect(reason.contains("invalid_request: Value passed for the token was invalid."))
            #expect(try await fake.statuses().count == 1)
        }
    }

    /// Saved tokens descended from a refresh token the credentials no longer hold (the app authorized again after
    /// X refused the old chain) are not used: the new credentials start a new chain. Saved tokens of the current
    /// credentials, and files written before the origin was kept, still win over the (spent) credentials.
    @Test(arguments: [
        (origin: "rt-replaced", used: false), (origin: "rt-initial", used: true), (origin: nil, used: true),
    ])
    func savedTokensFromReplacedCredentialsAreNotUsed(origin: String?, used: Bool) async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let spent = XOAuth2Tokens(accessToken: nil, refreshToken: "rt-spent-long-ago", expiresAt: nil,
                                      origin: origin.map(XOAuth2Tokens.digest(ofRefreshToken:)))
            try JSONEncoder().encode(spent).write(to: state.appendingPathComponent("x-oauth2-tokens.json"))
            let publisher = try makeXPublisher(fake, state: state, credentials: credentials)
            let outcome = await publisher.publish(makeXStatus(postID: "post-1"), now: Date())
            if used {
                guard case .unauthorized = outcome else { Issue.record("expected unauthorized: \(outcome)"); return }
                #expect(try await fake.statuses().isEmpty)
            } else {
                guard case .published = outcome else { Issue.record("expected published: \(outcome)"); return }
                let saved = try JSONDecoder().decode(
                    XOAuth2Tokens.self, from: Data(contentsOf: state.appendingPathComponent("x-oauth2-tokens.json")))
                #expect(saved.origin == XOAuth2Tokens.digest(ofRefreshToken: "rt-initial"))
            }
        }
    }
}
