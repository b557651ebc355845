import Foundation
import HeraldCore
import HeraldTestSupport
import Testing
@testable import HeraldPublishers

/// BlueskyPublisher against the loopback fake PDS (`Tests/Support/fakes/fake_bluesky.py`); every test checks the
/// exact number of records the server ends up with.
@Suite struct BlueskyPublisherTests {
    static let did = "did:plc:fakeherald000000000000"
    static let now = Date(timeIntervalSince1970: 1_795_442_400)

    /// Runs `body` with a fresh fake PDS and a state directory.
    func withFake(_ arguments: [String] = [], _ body: (FakeServer, URL) async throws -> Void) async throws {
        let fake = try await FakeServer.start("fake_bluesky.py", arguments: [
            "--identifier", "brand.test", "--password", "app-pass-1234", "--handle", "bob.example.com=did:plc:bob",
        ] + arguments)
        defer { fake.stop() }
        try await withTemporaryDirectory { directory in try await body(fake, directory) }
    }

    func publisher(_ fake: FakeServer, _ state: URL, password: String = "app-pass-1234", timeout: TimeInterval = 10)
        throws -> BlueskyPublisher
    {
        let account = Account(name: "brand", network: .bluesky, baseURL: fake.baseURL, timeout: timeout)
        let credentials = NetworkCredentials(
            account: "brand", values: ["identifier": "brand.test", "app_password": password])
        return try BlueskyPublisher(context: NetworkContext(
            account: account, credentials: credentials, transport: AsyncHTTPTransport.shared, stateDirectory: state))
    }

    func status(_ text: String = "Hello, Bluesky", post: String = "post-1", part: Int = 0, partCount: Int = 1,
                inReplyTo: String? = nil) -> OutgoingStatus {
        var status = makeStatus(postID: post, part: part, partCount: partCount, text: text, inReplyTo: inReplyTo)
        status.idempotencyKey = "\(post).brand.\(part)"
        return status
    }

    func counts(_ fake: FakeServer) async throws -> [String: Int] {
        try await fake.control("GET", "/_control/counts") as? [String: Int] ?? [:]
    }

    func published(_ outcome: PublishOutcome) -> String? {
        if case .published(let id) = outcome { return id }
        Issue.record("not published: \(outcome)")
        return nil
    }

    @Test func fivePostsAndARestartUseOneLogin() async throws {
        try await withFake { fake, state in
            let first = try self.publisher(fake, state)
            for index in 0..<5 {
                _ = published(await first.publish(status("Post \(index)", post: "p\(index)"), now: Self.now))
            }
            let restarted = try self.publisher(fake, state)
            _ = published(await restarted.publish(status("After restart", post: "p5"), now: Self.now))
            #expect(try await counts(fake)["createSession"] == 1)
            #expect(try await fake.statuses().count == 6)
            let file = state.appendingPathComponent("bluesky-session.json").path
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func anExpiredTokenIsRefreshedNotLoggedInAgain() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            _ = published(await publisher.publish(status("One", post: "p1"), now: Self.now))
            try await fake.control("POST", "/_control/expire")
            _ = published(await publisher.publish(status("Two", post: "p2"), now: Self.now))
            try await fake.control("POST", "/_control/expire")
            _ = published(try await self.publisher(fake, state).publish(status("Three", post: "p3"), now: Self.now))
            let counts = try await self.counts(fake)
            #expect(counts["createSession"] == 1)
            #expect(counts["refreshSession"] == 2)
            #expect(try await fake.statuses().count == 3)
        }
    }

    @Test func aRevokedSessionLogsInAgainOnce() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            _ = published(await publisher.publish(status("One", post: "p1"), now: Self.now))
            try await fake.control("POST", "/_control/revoke")
            _ = published(await publisher.publish(status("Two", post: "p2"), now: Self.now))
            _ = published(await publisher.publish(status("Three", post: "p3"), now: Self.now))
            let counts = try await self.counts(fake)
            // The unknown access token is renewed: the refresh is refused, then one new login serves both posts.
            #expect(counts["createSession"] == 2)
            #expect(counts["refreshSession"] == 1)
            #expect(try await fake.statuses().count == 3)
        }
    }

    @Test func theRecordKeyComesFromTheIdempotencyKey() async throws {
        try await withFake { fake, state in
            let uri = published(try await self.publisher(fake, state).publish(status(), now: Self.now))
            let rkey = BlueskyRecordKey.derive(from: "post-1.brand.0")
            #expect(uri == "at://\(Self.did)/app.bsky.feed.post/\(rkey)")
            let records = try await fake.statuses()
            #expect(records.count == 1)
            #expect(records.first?["rkey"] as? String == rkey)
        }
    }

    @Test func droppedConnectionAfterTheRequestThenRetryIsOneRecord() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            _ = await publisher.resolve(status())  // nothing yet
            try await fake.control("POST", "/_control/faults",
                                   json: [["path": "/xrpc/com.atproto.repo.createRecord", "kind": "drop"]])
            let first = await publisher.publish(status(), now: Self.now)
            guard case .temporary(let reason, nil) = first else {
                Issue.record("expected a temporary failure, got \(first)")
                return
            }
            #expect(reason.contains("unknown"))
            #expect(try await fake.statuses().count == 1)
            let records = try await fake.statuses()
            let uri = records.first?["uri"] as? String
            #expect(await publisher.resolve(status()) == .published(remoteID: uri ?? "?"))
            #expect(await publisher.publish(status(), now: Self.now) == .published(remoteID: uri ?? "?"))
            #expect(try await fake.statuses().count == 1)
            #expect(try await counts(fake)["createRecord"] == 2)  // the retry was refused, not added
        }
    }

    @Test func slowResponsePastTheTimeoutThenRetryIsOneRecord() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state, timeout: 1)
            _ = published(await publisher.publish(status("warm-up", post: "p0"), now: Self.now))
            try await fake.control("POST", "/_control/faults",
                                   json: [["path": "/xrpc/com.atproto.repo.createRecord", "kind": "slow", "delay": 4]])
            guard case .temporary = await publisher.publish(status(), now: Self.now) else {
                Issue.record("the slow attempt was not a temporary failure")
                return
            }
            let retry = await publisher.publish(status(), now: Self.now)
            let records = try await fake.statuses()
            #expect(records.count == 2)
            #expect(retry == .published(remoteID: records.last?["uri"] as? String ?? "?"))
        }
    }

    @Test func resolveSaysNotPublishedBeforeAndPublishedAfter() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            #expect(await publisher.resolve(status()) == .notPublished)
            let uri = published(await publisher.publish(status(), now: Self.now))
            #expect(await publisher.resolve(status()) == .published(remoteID: uri ?? "?"))
            #expect(try await self.publisher(fake, state).resolve(status()) == .published(remoteID: uri ?? "?"))
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func facetsPassTheServersByteChecks() async throws {
        try await withFake { fake, state in
            let text = "🎉 Café 漢字 https://example.org/x #Fête @bob.example.com @nobody.example.com example.com"
            _ = published(try await self.publisher(fake, state).publish(status(text), now: Self.now))
            let records = try await fake.statuses()
            #expect(records.count == 1)
            let record = records.first?["record"] as? [String: Any]
            let facets = record?["facets"] as? [[String: Any]] ?? []
            let features = facets.compactMap { ($0["features"] as? [[String: Any]])?.first }
            #expect(features.map { $0["$type"] as? String ?? "" } == [
                "app.bsky.richtext.facet#link", "app.bsky.richtext.facet#tag", "app.bsky.richtext.facet#mention",
                "app.bsky.richtext.facet#link",
            ])
            #expect(features[2]["did"] as? String == "did:plc:bob")
            #expect(features[3]["uri"] as? String == "https://example.com")
        }
    }

    @Test func aThreadNamesItsRootAndParent() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            var previous: String?
            for part in 0..<3 {
                previous = published(await publisher.publish(
                    status("Part \(part + 1)", part: part, partCount: 3, inReplyTo: previous), now: Self.now))
            }
            let records = try await fake.statuses()
            #expect(records.count == 3)
            let reply = { (index: Int) in
                (records[index]["record"] as? [String: Any])?["reply"] as? [String: [String: String]]
            }
            #expect(reply(0) == nil)
            #expect(reply(1)?["root"]?["uri"] == records[0]["uri"] as? String)
            #expect(reply(1)?["parent"]?["cid"] == records[0]["cid"] as? String)
            #expect(reply(2)?["root"]?["uri"] == records[0]["uri"] as? String)
            #expect(reply(2)?["root"]?["cid"] == records[0]["cid"] as? String)
            #expect(reply(2)?["parent"]?["uri"] == records[1]["uri"] as? String)
        }
    }

    @Test func serverErrorIsTemporaryAndCreatesNothing() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/faults",
                                   json: [["path": "/xrpc/com.atproto.repo.createRecord", "kind": "status",
                                           "code": 502]])
            let publisher = try self.publisher(fake, state)
            #expect(await publisher.publish(status(), now: Self.now)
                    == .temporary(reason: "Bluesky the post failed (HTTP 502 InternalServerError: Injected failure)",
                                  retryAfter: nil))
            #expect(try await fake.statuses().isEmpty)
            _ = published(await publisher.publish(status(), now: Self.now))
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func tooManyRequestsRetriesAtTheReset() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/faults", json: [
                ["path": "/xrpc/com.atproto.repo.createRecord", "kind": "ratelimit", "reset_in": 600],
            ])
            let before = Date()
            let outcome = try await self.publisher(fake, state).publish(status(), now: Self.now)
            guard case .temporary(_, let retryAfter?) = outcome else {
                Issue.record("expected a retry time, got \(outcome)")
                return
            }
            #expect(retryAfter > before.addingTimeInterval(500))
            #expect(retryAfter < Date().addingTimeInterval(700))
            #expect(try await fake.statuses().isEmpty)
        }
    }

    @Test func anExhaustedWindowSendsNothingBeforeItsReset() async throws {
        try await withFake { fake, state in
            let before = Date()
            try await fake.control("POST", "/_control/config", json: ["rate_limit": ["remaining": 1, "reset_in": 900]])
            let configured = Date()
            let publisher = try self.publisher(fake, state)
            _ = published(await publisher.publish(status("One", post: "p1"), now: Date()))
            let blocked = await publisher.publish(status("Two", post: "p2"), now: Date())
            guard case .temporary(_, let retryAfter?) = blocked else {
                Issue.record("expected a wait for the reset, got \(blocked)")
                return
            }
            // The fake resets the window 900 s after it was configured (bounds by construction, not timing).
            #expect(retryAfter >= before.addingTimeInterval(898))
            #expect(retryAfter <= configured.addingTimeInterval(901))
            #expect(try await counts(fake)["createRecord"] == 1)
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func aWrongAppPasswordIsUnauthorized() async throws {
        try await withFake { fake, state in
            let outcome = try await self.publisher(fake, state, password: "wrong").publish(status(), now: Self.now)
            #expect(outcome == .unauthorized(
                reason: "Bluesky refused the login (HTTP 401 AuthenticationRequired: Invalid identifier or password)"))
            #expect(try await fake.statuses().isEmpty)
        }
    }

    @Test func imagesAreUploadedAndEmbeddedWithAltText() async throws {
        try await withFake { fake, state in
            let image = state.appendingPathComponent("photo.jpg")
            try Data([0xFF, 0xD8, 0xFF, 1, 2, 3]).write(to: image)
            var withImage = status()
            withImage.media = [MediaAttachment(
                path: image.path, alt: "A test pattern", allowedDirectories: [image.deletingLastPathComponent().path])]
            _ = published(try await self.publisher(fake, state).publish(withImage, now: Self.now))
            let records = try await fake.statuses()
            #expect(records.count == 1)
            let embed = (records.first?["record"] as? [String: Any])?["embed"] as? [String: Any]
            let images = embed?["images"] as? [[String: Any]]
            #expect(images?.first?["alt"] as? String == "A test pattern")
            #expect((images?.first?["image"] as? [String: Any])?["mimeType"] as? String == "image/jpeg")
            #expect(try await counts(fake)["uploadBlob"] == 1)
        }
    }
}
