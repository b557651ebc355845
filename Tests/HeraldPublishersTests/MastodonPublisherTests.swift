import Foundation
import HeraldCore
import HeraldTestSupport
import Testing
@testable import HeraldPublishers

/// MastodonPublisher against the loopback fake (`Tests/Support/fakes/fake_mastodon.py`); every test checks the exact
/// number of statuses the server ends up with.
@Suite struct MastodonPublisherTests {
    static let token = "mastodon-test-token"

    /// Runs `body` with a fresh fake and a state directory.
    func withFake(
        _ arguments: [String] = [], _ body: (FakeServer, URL) async throws -> Void
    ) async throws {
        let fake = try await FakeServer.start("fake_mastodon.py", arguments: ["--token", Self.token] + arguments)
        defer { fake.stop() }
        try await withTemporaryDirectory { directory in try await body(fake, directory) }
    }

    func publisher(
        _ fake: FakeServer, _ state: URL, token: String = token, timeout: TimeInterval = 10,
        visibility: MastodonVisibility = .public
    ) throws -> MastodonPublisher {
        var account = Account(name: "brand", network: .mastodon, baseURL: fake.baseURL, timeout: timeout)
        account.mastodonVisibility = visibility
        let context = NetworkContext(
            account: account, credentials: NetworkCredentials(account: "brand", values: ["access_token": token]),
            transport: AsyncHTTPTransport.shared, stateDirectory: state)
        return try MastodonPublisher(context: context)
    }

    func status(_ text: String = "Hello, fediverse", part: Int = 0, partCount: Int = 1, inReplyTo: String? = nil,
                key: String? = nil, media: [MediaAttachment] = [], contentWarning: String? = nil) -> OutgoingStatus {
        var status = makeStatus(part: part, partCount: partCount, text: text, inReplyTo: inReplyTo)
        status.idempotencyKey = key ?? "post-1.brand.\(part)"
        status.media = media
        status.contentWarning = contentWarning
        // Due a minute before the test started, by the fake's clock (the real one): look-ups search from there.
        status.scheduledAt = Self.due
        return status
    }

    static let now = Date(timeIntervalSince1970: 1_795_442_400)
    static let due = Date().addingTimeInterval(-60)

    func counts(_ fake: FakeServer) async throws -> [String: Int] {
        try await fake.control("GET", "/_control/counts") as? [String: Int] ?? [:]
    }

    @Test func publishesWithTokenKeyVisibilityAndLanguage() async throws {
        try await withFake { fake, state in
            let outcome = try await self.publisher(fake, state, visibility: .unlisted).publish(status(), now: Self.now)
            let statuses = try await fake.statuses()
            #expect(statuses.count == 1)
            #expect(outcome == .published(remoteID: statuses.first?["id"] as? String ?? "?"))
            #expect(statuses.first?["source_text"] as? String == "Hello, fediverse")
            #expect(statuses.first?["content"] as? String == "<p>Hello, fediverse</p>")
            #expect(statuses.first?["spoiler_text"] as? String == "")
            #expect(statuses.first?["visibility"] as? String == "unlisted")
            #expect(statuses.first?["language"] as? String == "en")
            #expect(statuses.first?["idempotency_key"] as? String == "post-1.brand.0")
        }
    }

    @Test func theSameKeyTwiceIsOneStatus() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            let first = await publisher.publish(status(), now: Self.now)
            let second = await publisher.publish(status(), now: Self.now)
            #expect(first == second)
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func droppedConnectionAfterTheRequestThenRetryIsOneStatus() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/faults", json: [["path": "/api/v1/statuses", "kind": "drop"]])
            let publisher = try self.publisher(fake, state)
            let first = await publisher.publish(status(), now: Self.now)
            guard case .temporary(let reason, nil) = first else {
                Issue.record("expected a temporary failure, got \(first)")
                return
            }
            #expect(reason.contains("unknown"))
            let created = try await fake.statuses()
            #expect(created.count == 1)  // it was created nonetheless
            let id = try #require(created.first?["id"] as? String)
            #expect(await publisher.resolve(status()) == .published(remoteID: id))
            let retry = await publisher.publish(status(), now: Self.now)
            #expect(try await fake.statuses().count == 1)
            #expect(retry == .published(remoteID: id))
            #expect(try await counts(fake)["statuses_posts"] == 1)  // the look-up found it: no second request
        }
    }

    @Test func slowResponsePastTheTimeoutThenRetryIsOneStatus() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/faults",
                                   json: [["path": "/api/v1/statuses", "kind": "slow", "delay": 4]])
            let publisher = try self.publisher(fake, state, timeout: 1)
            let first = await publisher.publish(status(), now: Self.now)
            guard case .temporary = first else {
                Issue.record("expected a temporary failure, got \(first)")
                return
            }
            let retry = await publisher.publish(status(), now: Self.now)
            let statuses = try await fake.statuses()
            #expect(statuses.count == 1)
            #expect(retry == .published(remoteID: statuses.first?["id"] as? String ?? "?"))
        }
    }

    @Test func serverErrorIsTemporaryAndCreatesNothing() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/faults",
                                   json: [["path": "/api/v1/statuses", "kind": "status", "code": 503]])
            let publisher = try self.publisher(fake, state)
            let first = await publisher.publish(status(), now: Self.now)
            #expect(first == .temporary(reason: "Mastodon HTTP 503: Service unavailable", retryAfter: nil))
            #expect(try await fake.statuses().isEmpty)
            guard case .published = await publisher.publish(status(), now: Self.now) else {
                Issue.record("the retry was not published")
                return
            }
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func tooManyRequestsRetriesAtTheReset() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/faults",
                                   json: [["path": "/api/v1/statuses", "kind": "ratelimit", "reset_in": 600]])
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
            guard case .published = await publisher.publish(status(), now: Date()) else {
                Issue.record("the first status was not published")
                return
            }
            let blocked = await publisher.publish(status("Second", key: "post-2.brand.0"), now: Date())
            guard case .temporary(_, let retryAfter?) = blocked else {
                Issue.record("expected a wait for the reset, got \(blocked)")
                return
            }
            // The fake resets the window 900 s after it was configured (bounds by construction, not timing).
            #expect(retryAfter >= before.addingTimeInterval(898))
            #expect(retryAfter <= configured.addingTimeInterval(901))
            let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
            #expect(counts?["statuses_posts"] == 1)  // the second one never left
            #expect(try await fake.statuses().count == 1)
        }
    }

    @Test func invalidStatusIsPermanentWithMastodonsReason() async throws {
        try await withFake { fake, state in
            let outcome = try await self.publisher(fake, state).publish(status("   "), now: Self.now)
            #expect(outcome == .permanent(
                reason: "Mastodon refused the status (HTTP 422): Validation failed: Text can't be blank"))
            #expect(try await fake.statuses().isEmpty)
        }
    }

    @Test func badTokenIsUnauthorized() async throws {
        try await withFake { fake, state in
            let outcome = try await self.publisher(fake, state, token: "wrong").publish(status(), now: Self.now)
            #expect(outcome == .unauthorized(
                reason: "Mastodon refused the access token (HTTP 401): The access token is invalid"))
            #expect(try await fake.statuses().isEmpty)
        }
    }

    @Test func threadPartsReplyToThePreviousOne() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            var previous: String?
            for part in 0..<3 {
                let outcome = await publisher.publish(
                    status("Part \(part + 1)", part: part, partCount: 3, inReplyTo: previous), now: Self.now)
                guard case .published(let id) = outcome else {
                    Issue.record("part \(part) not published: \(outcome)")
                    return
                }
                previous = id
            }
            let statuses = try await fake.statuses()
            #expect(statuses.count == 3)
            #expect(statuses[0]["in_reply_to_id"] is NSNull)
            #expect(statuses[1]["in_reply_to_id"] as? String == statuses[0]["id"] as? String)
            #expect(statuses[2]["in_reply_to_id"] as? String == statuses[1]["id"] as? String)
        }
    }

    @Test func inReplyToMayBeTheStatusAddressOnTheInstance() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            guard case .published(let first) = await publisher.publish(status("First"), now: Self.now) else {
                Issue.record("the first status was not published")
                return
            }
            let reply = status("Reply", inReplyTo: fake.baseURL + "/@brand/" + first, key: "post-2.brand.0")
            _ = await publisher.publish(reply, now: Self.now)
            let statuses = try await fake.statuses()
            #expect(statuses.count == 2)
            #expect(statuses.last?["in_reply_to_id"] as? String == first)
        }
    }

    @Test func theInstanceLimitWinsAndIsFetchedOnceADay() async throws {
        try await withFake(["--max-characters", "100"]) { fake, state in
            let long = String(repeating: "a", count: 150)
            let outcome = try await self.publisher(fake, state).publish(status(long), now: Self.now)
            #expect(outcome == .permanent(reason: "the status counts 150 characters; the instance allows 100"))
            // Cached in the state directory: a new publisher (a restart) does not ask again within the day.
            let again = try self.publisher(fake, state)
            #expect(await again.instanceSettings(now: Self.now.addingTimeInterval(3600)).maxCharacters == 100)
            var counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
            #expect(counts?["instance"] == 1)
            _ = await again.instanceSettings(now: Self.now.addingTimeInterval(25 * 3600))
            counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
            #expect(counts?["instance"] == 2)
            #expect(try await fake.statuses().isEmpty)
            let file = state.appendingPathComponent("mastodon-instance.json").path
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func mediaIsUploadedWithItsAltTextAndWaitedFor() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/config", json: ["media_polls": 2])
            let image = state.appendingPathComponent("photo.png")
            try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).write(to: image)
            let outcome = try await self.publisher(fake, state).publish(
                status(media: [MediaAttachment(path: image.path, alt: "A test pattern",
                                               allowedDirectories: [state.path])]), now: Self.now)
            let statuses = try await fake.statuses()
            #expect(statuses.count == 1)
            #expect(outcome == .published(remoteID: statuses.first?["id"] as? String ?? "?"))
            let media = statuses.first?["media_attachments"] as? [[String: Any]]
            #expect(media?.count == 1)
            #expect(media?.first?["description"] as? String == "A test pattern")
            #expect(media?.first?["mime"] as? String == "image/png")
            #expect(media?.first?["size"] as? Int == 7)
        }
    }

    // MARK: - Look-up after an unknown outcome (Mastodon forgets idempotency keys after about an hour)

    @Test func afterKeysAreForgottenResolveFindsTheStatusAThreadPartWithMarkupToo() async throws {
        try await withFake { fake, state in
            let first = try self.publisher(fake, state)
            guard case .published(let root) = await first.publish(status("Root"), now: Self.now) else {
                Issue.record("the root was not published")
                return
            }
            try await fake.control("POST", "/_control/faults", json: [["path": "/api/v1/statuses", "kind": "drop"]])
            let text = "Part two <b> & \"quotes\"\nby @alice@example.social, see https://example.com/a/very/long/path/"
                + "that/is/long?x=1 #tag\n\nThe end"
            let reply = status(text, part: 1, partCount: 2, inReplyTo: root, contentWarning: "Spoilers")
            guard case .temporary = await first.publish(reply, now: Self.now) else {
                Issue.record("expected an unknown outcome")
                return
            }
            try await fake.control("POST", "/_control/config",
                                   json: ["forget_idempotency_keys": true, "seed_statuses": 45])
            let created = try await fake.statuses()
            #expect(created.count == 47)
            let id = try #require(created[1]["id"] as? String)
            #expect((created[1]["content"] as? String)?.contains("<br />") == true)
            // A restart: a new publisher with nothing in memory; the part is on the look-up's second page.
            let restarted = try self.publisher(fake, state)
            #expect(await restarted.resolve(reply) == .published(remoteID: id))
            #expect(try await counts(fake)["account_statuses"] == 2)
            #expect(try await fake.statuses().count == 47)
            #expect(try await counts(fake)["statuses_posts"] == 2)  // nothing was sent again
            // The account id is cached: a second look-up does not ask verify_credentials again.
            #expect(await restarted.resolve(reply) == .published(remoteID: id))
            #expect(try await counts(fake)["verify_credentials"] == 1)
        }
    }

    @Test func aRetryInTheSameProcessLooksTheStatusUpOnceKeysAreForgotten() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/faults", json: [["path": "/api/v1/statuses", "kind": "drop"]])
            let publisher = try self.publisher(fake, state)
            guard case .temporary = await publisher.publish(status(), now: Self.now) else {
                Issue.record("expected an unknown outcome")
                return
            }
            try await fake.control("POST", "/_control/config", json: ["forget_idempotency_keys": true])
            let retry = await publisher.publish(status(), now: Self.now)
            let statuses = try await fake.statuses()
            #expect(statuses.count == 1)
            #expect(retry == .published(remoteID: statuses.first?["id"] as? String ?? "?"))
            #expect(try await counts(fake)["statuses_posts"] == 1)
        }
    }

    @Test func aCompleteLookUpThatFindsNothingIsNotPublished() async throws {
        try await withFake { fake, state in
            // 50 unrelated statuses since the status was due: two pages, the second short, so the look-up is complete.
            try await fake.control("POST", "/_control/config", json: ["seed_statuses": 50])
            let publisher = try self.publisher(fake, state)
            #expect(await publisher.resolve(status("Never sent")) == .notPublished)
            #expect(try await counts(fake)["account_statuses"] == 2)
            // The same text replying to another status, or without its content warning, is not it either.
            guard case .published(let other) = await publisher.publish(status("Twin", key: "k1"), now: Self.now)
            else {
                Issue.record("not published")
                return
            }
            #expect(await publisher.resolve(status("Twin", inReplyTo: other)) == .notPublished)
            #expect(await publisher.resolve(status("Twin", contentWarning: "CW")) == .notPublished)
            #expect(await publisher.resolve(status("Twin")) == .published(remoteID: other))
            #expect(try await fake.statuses().count == 51)
        }
    }

    @Test func aLookUpThatCannotLookIsUnknown() async throws {
        try await withFake { fake, state in
            try await fake.control("POST", "/_control/faults", json: [
                ["path": "/api/v1/accounts/verify_credentials", "kind": "status", "code": 503],
            ])
            let publisher = try self.publisher(fake, state)
            #expect(await publisher.resolve(status()) == .unknown)
            #expect(await publisher.resolve(status()) == .notPublished)  // the fault was for one request
            #expect(try await fake.statuses().isEmpty)
        }
    }

    @Test func tooManyPagesWithoutReachingTheWindowIsUnknown() async throws {
        try await withFake { fake, state in
            // More statuses since the status was due than the look-up reads (5 pages of 40).
            try await fake.control("POST", "/_control/config", json: ["seed_statuses": 201])
            let publisher = try self.publisher(fake, state)
            #expect(await publisher.resolve(status()) == .unknown)
            #expect(try await counts(fake)["account_statuses"] == 5)
        }
    }

    // MARK: - Content warning

    @Test func theContentWarningIsSpoilerTextOnEveryPart() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            var previous: String?
            for part in 0..<3 {
                let outcome = await publisher.publish(
                    status("Part \(part + 1)", part: part, partCount: 3, inReplyTo: previous,
                           contentWarning: "Film spoilers"), now: Self.now)
                guard case .published(let id) = outcome else {
                    Issue.record("part \(part) not published: \(outcome)")
                    return
                }
                previous = id
            }
            let statuses = try await fake.statuses()
            #expect(statuses.count == 3)
            #expect(statuses.map { $0["spoiler_text"] as? String } == Array(repeating: "Film spoilers", count: 3))
        }
    }

    @Test func theContentWarningCountsTowardTheInstanceLimit() async throws {
        try await withFake(["--max-characters", "100"]) { fake, state in
            let publisher = try self.publisher(fake, state)
            let text = String(repeating: "a", count: 95)
            let outcome = await publisher.publish(status(text, contentWarning: "Ten chars!"), now: Self.now)
            #expect(outcome == .permanent(reason: "the status counts 105 characters; the instance allows 100"))
            guard case .published = await publisher.publish(status(text, key: "k2"), now: Self.now) else {
                Issue.record("the status without a warning was not published")
                return
            }
            #expect(try await fake.statuses().count == 1)
        }
    }
}

extension MastodonPublisherTests {
    @Test("a window another node found exhausted holds here: nothing is sent before it resets (issue 17)")
    func adoptedWindowHolds() async throws {
        try await withFake { fake, state in
            let publisher = try self.publisher(fake, state)
            let until = Self.now.addingTimeInterval(600)
            #expect(await publisher.rateLimitedUntil(now: Self.now) == nil)
            await publisher.adoptRateLimit(until: until)
            #expect(await publisher.rateLimitedUntil(now: Self.now) == until)
            let outcome = await publisher.publish(status(), now: Self.now)
            guard case let .temporary(_, retryAfter) = outcome else {
                Issue.record("expected a temporary refusal, got \(outcome)")
                return
            }
            #expect(retryAfter == until)
            #expect(try await fake.statuses().isEmpty)
            #expect(await publisher.rateLimitedUntil(now: until) == nil, "a passed window blocks nothing")
        }
    }
}
