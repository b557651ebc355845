import Foundation
import HeraldCore
import HeraldTestSupport
import Testing
@testable import HeraldPublishers

/// LinkedInPublisher against the loopback fake (`Tests/Support/fakes/fake_linkedin.py`), which checks LinkedIn's
/// rules (headers, fields, little text, lengths, duplicates); every test checks the exact posts and comments the
/// server ends with.
@Suite struct LinkedInPublisherTests {
    static let token = "linkedin-test-token"
    static let author = "urn:li:organization:2414183"
    static let now = Date()

    func withFake(_ arguments: [String] = [], _ body: (FakeServer, URL) async throws -> Void) async throws {
        let fake = try await FakeServer.start(
            "fake_linkedin.py",
            arguments: ["--token", Self.token, "--author", Self.author, "--refresh-token", "li-refresh",
                        "--client-id", "li-client", "--client-secret", "li-secret"] + arguments)
        defer { fake.stop() }
        try await withTemporaryDirectory { directory in try await body(fake, directory) }
    }

    func publisher(
        _ fake: FakeServer, _ state: URL, token: String = token, extra: [String: String] = [:],
        timeout: TimeInterval = 5
    ) throws -> LinkedInPublisher {
        var account = Account(name: "brand", network: .linkedin, baseURL: fake.baseURL, timeout: timeout)
        account.linkedIn = LinkedInSettings(author: Self.author)
        account.mediaDirectories = [state.path]
        let context = NetworkContext(
            account: account,
            credentials: NetworkCredentials(account: "brand", values: ["access_token": token].merging(extra) { $1 }),
            transport: AsyncHTTPTransport.shared, stateDirectory: state.appendingPathComponent("network"))
        return try LinkedInPublisher(context: context)
    }

    func status(_ text: String = "Hello, LinkedIn", part: Int = 0, inReplyTo: String? = nil, key: String? = nil,
                media: [MediaAttachment] = []) -> OutgoingStatus {
        var status = makeStatus(part: part, partCount: part + 1, text: text, inReplyTo: inReplyTo)
        status.idempotencyKey = key ?? "post-1.brand.\(part)"
        status.media = media
        status.scheduledAt = Date().addingTimeInterval(-60)
        return status
    }

    func records(_ fake: FakeServer) async throws -> [[String: Any]] { try await fake.statuses() }

    func counts(_ fake: FakeServer) async throws -> [String: Int] {
        try await fake.control("GET", "/_control/counts") as? [String: Int] ?? [:]
    }

    func faults(_ fake: FakeServer, _ faults: [[String: Any]]) async throws {
        try await fake.control("POST", "/_control/faults", json: faults)
    }

    @Test func aPostReadsExactlyAsWrittenWithItsHashtagsAndVersionHeaders() async throws {
        try await withFake { fake, state in
            let text = "Q&A (live) at 5 — [slides] {soon} @ 10% * _ ~ <3 \\o/ #Herald #team_blue"
            let outcome = try await self.publisher(fake, state).publish(status(text), now: Self.now)
            let posts = try await records(fake)
            #expect(posts.count == 1)
            #expect(outcome == .published(remoteID: posts.first?["urn"] as? String ?? "?"))
            #expect(posts.first?["text"] as? String == text, "nothing cut off, every character shown")
            #expect(posts.first?["kind"] as? String == "post")
            #expect(posts.first?["visibility"] as? String == "PUBLIC")
            let requests = try await fake.control("GET", "/_control/requests") as? [[String: Any]] ?? []
            let post = try #require(requests.last { $0["path"] as? String == "/rest/posts" })
            #expect(post["linkedin_version"] as? String == LinkedInSettings.defaultVersion)
            #expect(post["restli_protocol_version"] as? String == "2.0.0")
            #expect(post["token"] as? String == "valid")
        }
    }

    @Test func laterPartsAreCommentsOnThePost() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            var previous: String?
            var ids: [String] = []
            for part in 0..<3 {
                let outcome = await publisher.publish(status("Part \(part + 1)", part: part, inReplyTo: previous),
                                                      now: Self.now)
                guard case .published(let id) = outcome else { Issue.record("part \(part): \(outcome)"); return }
                previous = id
                ids.append(id)
            }
            let records = try await records(fake)
            #expect(records.map { $0["kind"] as? String } == ["post", "comment", "comment"])
            #expect(records.map { $0["urn"] as? String } == ids)
            #expect(records[1]["parent"] as? String == ids[0])
            #expect(records[2]["parent"] as? String == ids[0])
            #expect(ids[1].hasPrefix("urn:li:comment:(\(ids[0]),"))
        }
    }

    /// The answer is lost (dropped, or late past the timeout) after LinkedIn made the post: the retry looks it up
    /// and finds it; nothing is posted twice.
    @Test(arguments: [["kind": "drop"], ["kind": "slow", "delay": 4]] as [[String: any Sendable]])
    func aLostAnswerIsLookedUpBeforeTheRetry(fault: [String: any Sendable]) async throws {
        try await withFake { fake, state in
            var entry: [String: Any] = ["path": "/rest/posts"]
            for (key, value) in fault { entry[key] = value }
            try await faults(fake, [entry])
            let publisher = try self.publisher(fake, state, timeout: 2)
            guard case .temporary = await publisher.publish(status(), now: Self.now) else {
                Issue.record("first attempt not temporary")
                return
            }
            let second = await publisher.publish(status(), now: Self.now)
            let posts = try await records(fake)
            #expect(posts.count == 1)
            #expect(second == .published(remoteID: posts.first?["urn"] as? String ?? "?"))
            #expect(try await counts(fake)["posts"] == 1, "found by the look-up, not sent again")
        }
    }

    @Test func aDuplicateWithoutAnEarlierUnknownOutcomeFailsThePost() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            guard case .published(let first) = await publisher.publish(status(), now: Self.now) else {
                Issue.record("not published")
                return
            }
            let outcome = await publisher.publish(status(key: "post-2.brand.0"), now: Self.now)
            #expect(outcome == .permanent(reason: "LinkedIn refused the post as a duplicate of \(first)"))
            #expect(try await records(fake).count == 1)
        }
    }

    @Test(arguments: [
        ["kind": "status", "code": 503], ["kind": "ratelimit"], ["kind": "status", "code": 500],
    ] as [[String: any Sendable]])
    func serverFailuresAreTemporaryAndTheRetryPostsOnce(fault: [String: any Sendable]) async throws {
        try await withFake { fake, state in
            var entry: [String: Any] = ["path": "/rest/posts"]
            for (key, value) in fault { entry[key] = value }
            try await faults(fake, [entry])
            let publisher = try self.publisher(fake, state)
            guard case .temporary = await publisher.publish(status(), now: Self.now) else {
                Issue.record("first attempt not temporary")
                return
            }
            guard case .published = await publisher.publish(status(), now: Self.now) else {
                Issue.record("retry not published")
                return
            }
            #expect(try await records(fake).count == 1)
        }
    }

    @Test func aRefusedTokenIsUnauthorized() async throws {
        try await withFake { fake, state in
            let outcome = try await self.publisher(fake, state, token: "revoked").publish(status(), now: Self.now)
            guard case .unauthorized(let reason) = outcome else {
                Issue.record("expected unauthorized: \(outcome)")
                return
            }
            #expect(reason.contains("HTTP 401"))
            #expect(try await records(fake).isEmpty)
        }
    }

    @Test func anImageIsUploadedThenAttachedWithItsAltText() async throws {
        try await withFake { fake, state in
            let file = state.appendingPathComponent("chart.png")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 4, 5, 6]).write(to: file)
            let attachment = MediaAttachment(path: file.path, alt: "Sales by month", allowedDirectories: [state.path])
            let outcome = try await self.publisher(fake, state).publish(status("Our numbers", media: [attachment]),
                                                                        now: Self.now)
            guard case .published = outcome else { Issue.record("not published: \(outcome)"); return }
            let post = try #require(try await records(fake).first)
            #expect((post["image"] as? String)?.hasPrefix("urn:li:image:") == true)
            #expect(post["alt_text"] as? String == "Sales by month")
            #expect(try await counts(fake)["uploads"] == 1)
        }
    }

    @Test func aCommentOverItsLimitIsRefusedBeforeAnyRequest() async throws {
        try await withFake { fake, state in
            let outcome = try await self.publisher(fake, state).publish(
                status(String(repeating: "x", count: 1251), part: 1, inReplyTo: "urn:li:share:1"), now: Self.now)
            #expect(outcome == .permanent(reason: "the comment counts 1251 on LinkedIn; the limit is 1250"))
            #expect(try await counts(fake)["comments"] == 0)
        }
    }

    /// With a refresh token, a token within two weeks of its expiry is refreshed, saved, and its new expiry known.
    @Test func aTokenNearItsExpiryIsRefreshedWhenTheAppMay() async throws {
        try await withFake { fake, state in
            let soon = RFC3339.string(from: Date().addingTimeInterval(5 * 86_400))
            let publisher = try self.publisher(fake, state, extra: [
                "expires_at": soon, "refresh_token": "li-refresh", "client_id": "li-client",
                "client_secret": "li-secret",
            ])
            guard case .published = await publisher.publish(status(), now: Self.now) else {
                Issue.record("not published")
                return
            }
            #expect(try await counts(fake)["refresh"] == 1)
            let expiry = await publisher.credentialsExpiry(now: Self.now)
            #expect(expiry.map { $0 > Date().addingTimeInterval(59 * 86_400) } == true)
        }
    }

    @Test func withoutARefreshTokenTheExpiryIsWhatTheCredentialsSay() async throws {
        try await withFake { fake, state in
            let soon = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 5 * 86_400).rounded(.down))
            let publisher = try self.publisher(fake, state, extra: ["expires_at": RFC3339.string(from: soon)])
            guard case .published = await publisher.publish(status(), now: Self.now) else {
                Issue.record("not published")
                return
            }
            #expect(await publisher.credentialsExpiry(now: Self.now) == soon)
            #expect(try await counts(fake)["refresh"] == 0)
        }
    }

    /// An app without `r_member_social` cannot look posts up (403): after an unknown outcome the post is sent again
    /// and LinkedIn's duplicate refusal names the earlier one, made since the status was due.
    @Test func withoutReadPermissionTheDuplicateRefusalDecides() async throws {
        try await withFake { fake, state in
            try await faults(fake, [["path": "/rest/posts", "kind": "drop"],
                                    ["path": "/rest/posts", "kind": "status", "code": 403]])
            let publisher = try self.publisher(fake, state)
            guard case .temporary = await publisher.publish(status(), now: Self.now) else {
                Issue.record("first attempt not temporary")
                return
            }
            let second = await publisher.publish(status(), now: Self.now)
            let posts = try await records(fake)
            #expect(posts.count == 1)
            #expect(second == .published(remoteID: posts.first?["urn"] as? String ?? "?"))
        }
    }

    @Test func withoutReadPermissionAnUnknownCommentFailsForAHuman() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            guard case .published(let post) = await publisher.publish(status("The post"), now: Self.now) else {
                Issue.record("post not published")
                return
            }
            try await faults(fake, [["path": "/rest/socialActions/*/comments", "kind": "drop"],
                                    ["path": "/rest/socialActions/*/comments", "kind": "status", "code": 403]])
            let comment = status("A comment", part: 1, inReplyTo: post)
            guard case .temporary = await publisher.publish(comment, now: Self.now) else {
                Issue.record("first comment attempt not temporary")
                return
            }
            guard case .permanent(let reason) = await publisher.publish(comment, now: Self.now) else {
                Issue.record("expected a permanent failure")
                return
            }
            #expect(reason.contains("check the post by hand"))
            #expect(try await records(fake).count == 2, "the dropped comment went out once, and only once")
        }
    }

    /// LinkedIn also refuses text that repeats an older post: after an unknown outcome that created nothing, a
    /// duplicate refusal naming a post older than the status is not taken for the status.
    @Test func aDuplicateOfAnOlderPostIsNotTheEarlierAttempt() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            guard case .published(let older) = await publisher.publish(status("Happy Friday!"), now: Self.now) else {
                Issue.record("not published")
                return
            }
            try await faults(fake, [["path": "/rest/posts", "kind": "status", "code": 503]])
            var weekLater = status("Happy Friday!", key: "post-2.brand.0")
            weekLater.scheduledAt = Date().addingTimeInterval(3600)
            guard case .temporary = await publisher.publish(weekLater, now: Self.now) else {
                Issue.record("first attempt not temporary")
                return
            }
            let outcome = await publisher.publish(weekLater, now: Self.now)
            #expect(outcome == .permanent(reason: "LinkedIn refused the post as a duplicate of \(older)"))
            #expect(try await records(fake).count == 1)
        }
    }
}
