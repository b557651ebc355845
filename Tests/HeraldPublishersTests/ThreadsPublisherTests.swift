import Foundation
import HeraldCore
import HeraldTestSupport
import Testing
@testable import HeraldPublishers

/// ThreadsPublisher against the loopback fake (`Tests/Support/fakes/fake_threads.py`), which checks Meta's rules
/// (containers, status, limits, tokens, lengths); every test checks the exact number of posts the server ends with.
@Suite struct ThreadsPublisherTests {
    static let token = "threads-test-token"
    static let user = "42"
    static let now = Date()

    func withFake(_ arguments: [String] = [], _ body: (FakeServer, URL) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let media = directory.appendingPathComponent("media")
            try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
            let fake = try await FakeServer.start(
                "fake_threads.py",
                arguments: ["--token", Self.token, "--user-id", Self.user, "--serve-media", media.path] + arguments)
            defer { fake.stop() }
            try await body(fake, directory)
        }
    }

    func publisher(
        _ fake: FakeServer, _ state: URL, token: String = token,
        expiresAt: Date? = Date().addingTimeInterval(50 * 86_400), timeout: TimeInterval = 5, userID: String? = user
    ) throws -> ThreadsPublisher {
        var account = Account(name: "brand", network: .threads, baseURL: fake.baseURL, timeout: timeout)
        account.mediaDirectories = [state.appendingPathComponent("media").path]
        account.mediaBaseURL = fake.baseURL + "/media"
        var values = ["access_token": token]
        if let userID { values["user_id"] = userID }
        if let expiresAt { values["expires_at"] = RFC3339.string(from: expiresAt) }
        let context = NetworkContext(
            account: account, credentials: NetworkCredentials(account: "brand", values: values),
            transport: AsyncHTTPTransport.shared, stateDirectory: state.appendingPathComponent("network"))
        return try ThreadsPublisher(context: context)
    }

    func status(_ text: String = "Hello, Threads", part: Int = 0, inReplyTo: String? = nil, key: String? = nil,
                media: [MediaAttachment] = []) -> OutgoingStatus {
        var status = makeStatus(part: part, partCount: part + 1, text: text, inReplyTo: inReplyTo)
        status.idempotencyKey = key ?? "post-1.brand.\(part)"
        status.media = media
        status.scheduledAt = Date().addingTimeInterval(-60)
        return status
    }

    func counts(_ fake: FakeServer) async throws -> [String: Int] {
        try await fake.control("GET", "/_control/counts") as? [String: Int] ?? [:]
    }

    func faults(_ fake: FakeServer, _ faults: [[String: Any]]) async throws {
        try await fake.control("POST", "/_control/faults", json: faults)
    }

    @Test func aTextPostIsAContainerPolledThenPublishedWithinTheLimit() async throws {
        try await withFake { fake, state in
            let outcome = try await self.publisher(fake, state).publish(status(), now: Self.now)
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(outcome == .published(remoteID: posts.first?["id"] as? String ?? "?"))
            #expect(posts.first?["text"] as? String == "Hello, Threads")
            #expect(posts.first?["media_type"] as? String == "TEXT")
            let counts = try await counts(fake)
            #expect(counts["containers"] == 1 && counts["publish"] == 1 && counts["limit_checks"] == 1)
            #expect((counts["status_polls"] ?? 0) >= 1, "the container's status is asked before publishing")
        }
    }

    @Test func threadPartsReplyToThePreviousPart() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            var previous: String?
            for part in 0..<3 {
                let outcome = await publisher.publish(
                    status("Part \(part + 1)", part: part, inReplyTo: previous), now: Self.now)
                guard case .published(let id) = outcome else { Issue.record("part \(part): \(outcome)"); return }
                previous = id
            }
            let posts = try await fake.statuses()
            #expect(posts.count == 3)
            #expect(posts[1]["reply_to_id"] as? String == posts[0]["id"] as? String)
            #expect(posts[2]["reply_to_id"] as? String == posts[1]["id"] as? String)
        }
    }

    /// The answer to `threads_publish` is lost (dropped, or late past the timeout): the next attempt asks the
    /// recorded container, finds it PUBLISHED, looks the post up, and publishes nothing new.
    @Test(arguments: [["kind": "drop"], ["kind": "slow", "delay": 4]] as [[String: any Sendable]])
    func aLostPublishAnswerIsResolvedFromTheContainer(fault: [String: any Sendable]) async throws {
        try await withFake { fake, state in
            var entry: [String: Any] = ["path": "/v1.0/\(Self.user)/threads_publish"]
            for (key, value) in fault { entry[key] = value }
            try await faults(fake, [entry])
            let publisher = try self.publisher(fake, state, timeout: 2)
            let first = await publisher.publish(status(), now: Self.now)
            guard case .temporary = first else { Issue.record("expected temporary: \(first)"); return }
            #expect(await publisher.resolve(status()) == .published(remoteID: try await fake.statuses()
                .first?["id"] as? String ?? "?"))
            let second = await publisher.publish(status(), now: Self.now)
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(second == .published(remoteID: posts.first?["id"] as? String ?? "?"))
            #expect(try await counts(fake)["containers"] == 1, "one container, never published twice")
        }
    }

    @Test(arguments: [
        ("POST /v1.0/42/threads", ["kind": "status", "code": 503]),
        ("/v1.0/42/threads_publish", ["kind": "status", "code": 500]),
        ("/v1.0/42/threads_publish", ["kind": "ratelimit"]),
        ("POST /v1.0/42/threads", ["kind": "drop"]),
    ] as [(String, [String: any Sendable])])
    func failuresAreTemporaryAndTheRetryPublishesOnce(path: String, fault: [String: any Sendable]) async throws {
        try await withFake { fake, state in
            var entry: [String: Any] = ["path": path]
            for (key, value) in fault { entry[key] = value }
            try await faults(fake, [entry])
            let publisher = try self.publisher(fake, state)
            let first = await publisher.publish(status(), now: Self.now)
            guard case .temporary = first else { Issue.record("expected temporary: \(first)"); return }
            let second = await publisher.publish(status(), now: Self.now)
            guard case .published = second else { Issue.record("expected published: \(second)"); return }
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func aUsedUpQuotaWaitsInsteadOfPublishing() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/config", json: ["quota_used": 250])
            let outcome = try await self.publisher(fake, state).publish(status(), now: Self.now)
            guard case .temporary(let reason, let retryAfter?) = outcome else {
                Issue.record("expected a timed retry: \(outcome)")
                return
            }
            #expect(reason.contains("250/250 posts"))
            #expect(retryAfter > Self.now.addingTimeInterval(3000))
            #expect(try await fake.statuses().isEmpty)
            #expect(try await counts(fake)["publish"] == 0)
        }
    }

    @Test func aDeadTokenIsUnauthorized() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/config", json: ["expire_tokens": true])
            let outcome = try await self.publisher(fake, state).publish(status(), now: Self.now)
            guard case .unauthorized(let reason) = outcome else {
                Issue.record("expected unauthorized: \(outcome)")
                return
            }
            #expect(reason.contains("code 190"))
            #expect(!reason.contains(Self.token))
            #expect(try await fake.statuses().isEmpty)
        }
    }

    /// A token with less than 30 days left is refreshed once, saved, and used; the next publish does not refresh.
    @Test func aTokenNearItsExpiryIsRefreshedSavedAndUsed() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state, expiresAt: Date().addingTimeInterval(10 * 86_400))
            guard case .published = await publisher.publish(status(), now: Self.now) else {
                Issue.record("not published")
                return
            }
            guard case .published = await publisher.publish(status("Second", key: "post-2"), now: Self.now) else {
                Issue.record("second not published")
                return
            }
            #expect(try await counts(fake)["refresh"] == 1)
            let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: state.appendingPathComponent(
                "network/threads-token.json"))) as? [String: Any]
            let fresh = saved?["access_token"] as? String
            #expect(fresh != nil && fresh != Self.token)
            let expiry = await publisher.credentialsExpiry(now: Self.now)
            #expect(expiry.map { $0 > Date().addingTimeInterval(59 * 86_400) } == true)
            #expect(try await fake.statuses().count == 2)
        }
    }

    @Test func anImageGoesByItsPublicAddressWithItsAltText() async throws {
        try await withFake { fake, state in
            let file = state.appendingPathComponent("media/chart one.png")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).write(to: file)
            let publisher = try self.publisher(fake, state)
            let attachment = MediaAttachment(path: file.path, alt: "Sales by month",
                                             allowedDirectories: [state.appendingPathComponent("media").path])
            let outcome = await publisher.publish(status("Our numbers", media: [attachment]), now: Self.now)
            guard case .published = outcome else { Issue.record("not published: \(outcome)"); return }
            let post = try #require(try await fake.statuses().first)
            #expect(post["media_type"] as? String == "IMAGE")
            #expect(post["image_url"] as? String == fake.baseURL + "/media/chart%20one.png")
            #expect(post["alt_text"] as? String == "Sales by month")
            #expect(post["image_bytes"] as? Int == 11)
        }
    }

    /// An expired container (a day unpublished) is replaced by a new one; the post goes out once.
    @Test func anExpiredContainerIsReplaced() async throws {
        try await withFake { fake, state in
            try await faults(fake, [["path": "/v1.0/\(Self.user)/threads_publish", "kind": "status", "code": 503]])
            let publisher = try self.publisher(fake, state)
            guard case .temporary = await publisher.publish(status(), now: Self.now) else {
                Issue.record("first attempt not temporary")
                return
            }
            try await fake.control("POST", "/_control/config", json: ["expire_containers": true])
            #expect(await publisher.resolve(status()) == .notPublished)
            guard case .published = await publisher.publish(status(), now: Self.now) else {
                Issue.record("not published")
                return
            }
            #expect(try await counts(fake)["containers"] == 2)
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func tooLongForThreadsIsRefusedBeforeAnyRequest() async throws {
        try await withFake { fake, state in
            let outcome = try await self.publisher(fake, state).publish(
                status(String(repeating: "a", count: 497) + "😀"), now: Self.now)
            #expect(outcome == .permanent(
                reason: "Threads would refuse the status: 501 characters, over the limit of 500"))
            #expect(try await counts(fake)["containers"] == 0)
        }
    }

    @Test func theUserIDIsAskedOnceWhenTheCredentialsDoNotSayIt() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state, userID: nil)
            _ = await publisher.publish(status(), now: Self.now)
            _ = await publisher.publish(status("Two", key: "post-2"), now: Self.now)
            #expect(try await counts(fake)["me"] == 1)
            #expect(try await fake.statuses().count == 2)
        }
    }

    /// Container records that cannot be read are not taken for "none": nothing is sent, and an interrupted attempt
    /// stays unknown, since believing there is no container could publish a post twice.
    @Test func unreadableContainerRecordsStopPublishing() async throws {
        try await withFake { fake, state in
            let network = state.appendingPathComponent("network")
            try FileManager.default.createDirectory(at: network, withIntermediateDirectories: true)
            try Data("{not json".utf8).write(to: network.appendingPathComponent("threads-containers.json"))
            let publisher = try self.publisher(fake, state)
            let outcome = await publisher.publish(status(), now: Self.now)
            guard case .temporary(let reason, _) = outcome else {
                Issue.record("expected temporary: \(outcome)")
                return
            }
            #expect(reason.contains("cannot read the Threads container records"))
            #expect(await publisher.resolve(status()) == .unknown)
            #expect(try await counts(fake)["containers"] == 0)
        }
    }

    /// A container recorded long ago and never seen published (its account paused for weeks, say) is kept when
    /// other posts are recorded: dropping it could publish its post a second time.
    @Test func oldUnpublishedRecordsAreKept() async throws {
        try await withFake { fake, state in
            let network = state.appendingPathComponent("network")
            try FileManager.default.createDirectory(at: network, withIntermediateDirectories: true)
            let old = #"{"waiting.brand.0": {"container": "1789", "created_at": 1000000, "is_reply": false},"#
                + #" "done.brand.0": {"container": "1790", "created_at": 1000000, "media_id": "1805","#
                + #" "published_at": 1000000, "is_reply": false}}"#
            try Data(old.utf8).write(to: network.appendingPathComponent("threads-containers.json"))
            guard case .published = try await self.publisher(fake, state).publish(status(), now: Self.now) else {
                Issue.record("not published")
                return
            }
            let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: network.appendingPathComponent(
                "threads-containers.json"))) as? [String: Any]
            #expect(Set(saved?.keys.map { $0 } ?? []) == ["waiting.brand.0", "post-1.brand.0"])
        }
    }
}
