import Foundation
import HeraldTestSupport
import Testing

/// heraldd publishing to LinkedIn (the loopback fake): a thread is a post and its comments, exactly once across
/// kill -9 and every kind of fault.
@Suite("LinkedIn through heraldd")
struct LinkedInNetworkTests {
    static let token = "e2e-linkedin-token"
    static let author = "urn:li:person:8675309"

    /// A fake LinkedIn and a harness whose account `brand` publishes to it.
    static func setUp(label: String, timeout: String = "10s") async throws -> (DaemonHarness, FakeServer) {
        let fake = try await FakeServer.start("fake_linkedin.py", arguments: ["--token", token, "--author", author])
        let h = try DaemonHarness(label: label)
        let secret = h.path("linkedin-credentials")
        try h.write("# LinkedIn\naccess_token = \(token)\n", to: secret, mode: 0o600)
        let account = """
            [[accounts]]
            name = "brand"
            network = "linkedin"
            base_url = "\(fake.baseURL)"
            author = "\(author)"
            credentials = "\(secret)"
            timeout = "\(timeout)"

            """
        try h.writeConfig(TestConfig(
            daemon: ["max_lateness = \"15m\"", "retry_base = \"1s\"", "retry_cap = \"2s\""], accounts: [account]))
        return (h, fake)
    }

    static let thread = "Part one (of five) #herald\n---\nPart two\n---\nPart three\n---\nPart four\n---\nPart five"

    @Test("a 5-part thread survives kill -9 after part 3: one post and exactly 4 comments on it, in order")
    func threadSurvivesKill9() async throws {
        let (h, fake) = try await Self.setUp(label: "linkedin-kill9")
        // Part 4 (the third comment) is made, but its answer is held back: the daemon dies not knowing.
        try await fake.control("POST", "/_control/faults", json: [
            ["path": "/rest/socialActions/*/comments", "kind": "slow", "delay": 300, "after": 2],
        ])
        try await h.start()
        try h.drop("thread.post", postText(["At: now"], Self.thread))
        let id = try await h.waitForAccepted("thread.post")
        _ = try await h.eventually("part 4 to be made") { try await fake.statuses().count >= 4 ? true : nil }
        try await h.kill9()
        try await h.start()
        try await h.waitForEvent("published", postID: id, count: 5, timeout: .seconds(60))
        try await h.waitUntilIdle()
        let records = try await fake.statuses()
        #expect(records.count == 5, "\(records)")
        #expect(records.map { $0["text"] as? String ?? "" }
                == ["Part one (of five) #herald", "Part two", "Part three", "Part four", "Part five"])
        #expect(records.map { $0["kind"] as? String } == ["post", "comment", "comment", "comment", "comment"])
        let post = records.first?["urn"] as? String
        #expect(records.dropFirst().allSatisfy { $0["parent"] as? String == post })
        let history = try await h.history()
        #expect(history.first?["state"] == .string("published"))
        #expect(history.first?["remote_ids"] == .array(records.map { .string($0["urn"] as? String ?? "?") }))
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(counts?["comments"] == 4, "part 4 was found by the look-up, not sent again")
        #expect(!h.diagnostics.contains(Self.token), "the token must never be logged")
    }

    @Test("faults: 5xx, 429, slow past the timeout, dropped after the request: exactly one post", arguments: [
        ["path": "/rest/posts", "kind": "status", "code": 503],
        ["path": "/rest/posts", "kind": "ratelimit", "reset_in": 1],
        ["path": "/rest/posts", "kind": "slow", "delay": 6],
        ["path": "/rest/posts", "kind": "drop"],
    ] as [[String: any Sendable]])
    func faults(_ fault: [String: any Sendable]) async throws {
        let (h, fake) = try await Self.setUp(label: "linkedin-fault", timeout: "3s")
        var entry: [String: Any] = [:]
        for (key, value) in fault { entry[key] = value }
        try await fake.control("POST", "/_control/faults", json: [entry])
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "Through a fault"))
        let id = try await h.waitForAccepted("a.post")
        let published = try await h.waitForEvent("published", postID: id, timeout: .seconds(30))
        #expect(h.events("retrying", postID: id).count == 1, "\(h.diagnostics)")
        let records = try await fake.statuses()
        #expect(records.count == 1, "\(records)")
        #expect(published["HERALD_REMOTE_ID"] == records.first?["urn"] as? String)
        #expect(h.events("failed").isEmpty)
    }
}
