import Foundation
import HeraldCore
import HeraldTestSupport
import Testing
@testable import HeraldPublishers

/// Metrics fetched from each network's loopback fake: the counts the fake was told, deleted statuses as gone,
/// batches as large as the API takes, and a rate limit that publishing keeps.
@Suite struct NetworkMetricsTests {
    static let now = Date(timeIntervalSince1970: 1_795_442_400)

    func published(_ outcome: PublishOutcome) throws -> String {
        guard case .published(let id) = outcome else { throw TestFailure("not published: \(outcome)") }
        return id
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: X

    /// Runs `body` with a fresh X fake and a publisher for it.
    func withX(_ body: (FakeServer, XPublisher) async throws -> Void) async throws {
        let fake = try await FakeServer.start("fake_x.py")
        defer { fake.stop() }
        try await withTemporaryDirectory { state in try await body(fake, try makeXPublisher(fake, state: state)) }
    }

    @Test func xCountsAndDeletedPostsInOneRequest() async throws {
        try await withX { fake, publisher in
            var ids: [String] = []
            for index in 0..<3 {
                ids.append(try published(await publisher.publish(makeXStatus(postID: "p\(index)"), now: Date())))
            }
            try await fake.control("POST", "/_control/engagement", json: [
                "id": ids[0], "likes": 40, "reposts": 2, "replies": 3, "quotes": 1, "impressions": 1200])
            try await fake.control("POST", "/_control/delete", json: ["id": ids[2]])
            let outcome = await publisher.fetchMetrics(ids, now: Date())
            #expect(outcome.deferral == nil)
            #expect(outcome.fetched[ids[0]] == .counts(StatusMetrics(likes: 40, reposts: 2, replies: 3, quotes: 1,
                                                                     impressions: 1200)))
            #expect(outcome.fetched[ids[1]] == .counts(StatusMetrics(likes: 0, reposts: 0, replies: 0, quotes: 0,
                                                                     impressions: 0)))
            #expect(outcome.fetched[ids[2]] == .gone)
            #expect(try await fake.requestCount("GET /2/tweets") == 1)
        }
    }

    @Test func xAsksAHundredIdsARequest() async throws {
        try await withX { fake, publisher in
            let ids = (0..<150).map { String(1_800_000_000_000_000_000 + $0) }
            let outcome = await publisher.fetchMetrics(ids, now: Date())
            #expect(outcome.fetched.count == 150 && outcome.fetched.values.allSatisfy { $0 == .gone })
            let requests = try await fake.requestCount("GET /2/tweets")
            #expect(requests == 2)
            // An id X would refuse the whole request for (the account once published to the outbox) is never sent.
            let mixed = await publisher.fetchMetrics(["brand-00000001", ids[0]], now: Date())
            #expect(mixed.fetched == ["brand-00000001": .gone, ids[0]: .gone] && mixed.deferral == nil)
            #expect(try await fake.requestCount("GET /2/tweets") == 3)
        }
    }

    @Test func xLookupsHaveTheirOwnWindowAndNeverBlockPosting() async throws {
        try await withX { fake, publisher in
            let id = try published(await publisher.publish(makeXStatus(postID: "p0"), now: Date()))
            let reset = Int(Date().timeIntervalSince1970) + 600
            try await fake.control("POST", "/_control/lookup_rate", json: ["limit": 1, "reset": reset])
            let first = await publisher.fetchMetrics([id], now: Date())
            #expect(first.fetched[id] != nil && first.deferral == nil)
            let second = await publisher.fetchMetrics([id], now: Date())
            #expect(second.fetched.isEmpty)
            #expect(second.deferral?.retryAt == Date(timeIntervalSince1970: TimeInterval(reset)))
            #expect(try await fake.requestCount("GET /2/tweets") == 1, "nothing sent into a spent window")
            _ = try published(await publisher.publish(makeXStatus(postID: "p1"), now: Date()))
        }
    }

    // MARK: Mastodon

    @Test func mastodonCountsAndADeletedStatus() async throws {
        try await MastodonPublisherTests().withFake { fake, state in
            let publisher = try MastodonPublisherTests().publisher(fake, state)
            var ids: [String] = []
            for index in 0..<2 {
                let status = MastodonPublisherTests().status("Status \(index)", key: "k\(index)")
                ids.append(try self.published(await publisher.publish(status, now: Self.now)))
            }
            try await fake.control("POST", "/_control/engagement",
                                   json: ["id": ids[0], "favourites": 7, "reblogs": 2, "replies": 1])
            try await fake.control("POST", "/_control/delete", json: ["id": ids[1]])
            let outcome = await publisher.fetchMetrics(ids, now: Self.now)
            #expect(outcome.deferral == nil)
            #expect(outcome.fetched == [ids[0]: .counts(StatusMetrics(likes: 7, reposts: 2, replies: 1)),
                                        ids[1]: .gone])
            let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
            #expect(counts?["status_gets"] == 2, "one request per status")
        }
    }

    /// A revoked token refuses the metrics fetch as it would refuse a publish: the outcome says so, for the worker
    /// to pause the account instead of knocking again every quarter of an hour.
    @Test func mastodonRefusedCredentialsAreReported() async throws {
        try await MastodonPublisherTests().withFake { fake, state in
            let publisher = try MastodonPublisherTests().publisher(fake, state)
            let id = try self.published(await publisher.publish(MastodonPublisherTests().status("Status", key: "k"),
                                                                now: Self.now))
            let revoked = try MastodonPublisherTests().publisher(fake, state, token: "revoked-token")
            let outcome = await revoked.fetchMetrics([id], now: Self.now)
            #expect(outcome.fetched.isEmpty)
            #expect(outcome.refused?.contains("401") == true, "\(outcome)")
            #expect(await publisher.fetchMetrics([id], now: Self.now).refused == nil)
        }
    }

    @Test func mastodonStopsAtThePublishingReserveAndPublishingGoesOn() async throws {
        try await MastodonPublisherTests().withFake { fake, state in
            let publisher = try MastodonPublisherTests().publisher(fake, state)
            let first = MastodonPublisherTests().status("First", key: "k0")
            let id = try self.published(await publisher.publish(first, now: Self.now))
            let reserve = WindowRateLimit.publishingReserve
            try await fake.control("POST", "/_control/config",
                                   json: ["rate_limit": ["remaining": reserve + 2, "reset_in": 300]])
            // Two requests fit above the reserve; the third is not sent.
            let outcome = await publisher.fetchMetrics([id, id, id], now: Date())
            #expect(outcome.fetched[id] != nil)
            #expect(outcome.deferral?.retryAt != nil, "\(outcome)")
            let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
            #expect(counts?["status_gets"] == 2)
            let second = MastodonPublisherTests().status("Second", key: "k1")
            _ = try self.published(await publisher.publish(second, now: Self.now))
        }
    }

    // MARK: Bluesky

    @Test func blueskyCountsAndADeletedPostInOneRequest() async throws {
        try await BlueskyPublisherTests().withFake { fake, state in
            let publisher = try BlueskyPublisherTests().publisher(fake, state)
            var uris: [String] = []
            for index in 0..<2 {
                let status = BlueskyPublisherTests().status("Post \(index)", post: "p\(index)")
                uris.append(try self.published(await publisher.publish(status, now: Self.now)))
            }
            try await fake.control("POST", "/_control/engagement",
                                   json: ["uri": uris[0], "likes": 5, "reposts": 1, "replies": 2, "quotes": 4])
            try await fake.control("POST", "/_control/delete", json: ["uri": uris[1]])
            let outcome = await publisher.fetchMetrics(uris + ["brand-00000001"], now: Self.now)
            #expect(outcome.deferral == nil && outcome.fetched["brand-00000001"] == .gone)
            #expect(outcome.fetched[uris[0]] == .counts(StatusMetrics(likes: 5, reposts: 1, replies: 2, quotes: 4)))
            #expect(outcome.fetched[uris[1]] == .gone)
            let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
            #expect(counts?["getPosts"] == 1)
        }
    }

    @Test func blueskyAsksTwentyFiveURIsARequestAndKeepsTheReserve() async throws {
        try await BlueskyPublisherTests().withFake { fake, state in
            let publisher = try BlueskyPublisherTests().publisher(fake, state)
            let uri = try self.published(await publisher.publish(BlueskyPublisherTests().status(), now: Self.now))
            let outcome = await publisher.fetchMetrics(Array(repeating: uri, count: 30), now: Self.now)
            #expect(outcome.fetched.count == 1 && outcome.deferral == nil)
            var counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
            #expect(counts?["getPosts"] == 2)

            let reserve = WindowRateLimit.publishingReserve
            try await fake.control("POST", "/_control/config",
                                   json: ["rate_limit": ["remaining": reserve + 1, "reset_in": 600]])
            let limited = await publisher.fetchMetrics(Array(repeating: uri, count: 60), now: Date())
            #expect(limited.deferral?.retryAt != nil, "\(limited)")
            counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
            #expect(counts?["getPosts"] == 3, "one request above the reserve, then none")
            _ = try self.published(await publisher.publish(BlueskyPublisherTests().status("After", post: "p9"),
                                                           now: Self.now))
        }
    }
}
