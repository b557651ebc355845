import Foundation
import HeraldTestSupport
import Testing

/// heraldd publishing to Mastodon (the loopback fake): exactly once across kill -9 and dropped connections.
@Suite("Mastodon through heraldd")
struct MastodonNetworkTests {
    static let token = "e2e-mastodon-token"

    /// A fake Mastodon and a harness whose account `brand` publishes to it.
    static func setUp(label: String) async throws -> (DaemonHarness, FakeServer) {
        let fake = try await FakeServer.start("fake_mastodon.py", arguments: ["--token", token])
        let h = try DaemonHarness(label: label)
        let secret = h.path("mastodon-credentials")
        try h.write("# Mastodon\naccess_token = \(token)\n", to: secret, mode: 0o600)
        let account = """
            [[accounts]]
            name = "brand"
            network = "mastodon"
            base_url = "\(fake.baseURL)"
            credentials = "\(secret)"
            visibility = "unlisted"
            timeout = "10s"

            """
        try h.writeConfig(TestConfig(
            daemon: ["max_lateness = \"15m\"", "retry_base = \"1s\"", "retry_cap = \"2s\""], accounts: [account]))
        return (h, fake)
    }

    static let thread = "Part one\n---\nPart two\n---\nPart three\n---\nPart four\n---\nPart five"

    @Test("a 5-part thread survives kill -9 after part 3 and forgotten keys: exactly 5 statuses, each replying")
    func threadSurvivesKill9() async throws {
        let (h, fake) = try await Self.setUp(label: "mastodon-kill9")
        // Part 4 is created, but its answer is held back: the daemon dies not knowing it went out.
        try await fake.control("POST", "/_control/faults",
                               json: [["path": "/api/v1/statuses", "kind": "slow", "delay": 300, "after": 3]])
        try await h.start()
        try h.drop("thread.post", postText(["At: now"], Self.thread))
        let id = try await h.waitForAccepted("thread.post")
        _ = try await h.eventually("part 4 to reach the server") { try await fake.statuses().count >= 4 ? true : nil }
        try await h.kill9()
        // Mastodon keeps idempotency keys for about an hour: a restart after that must look part 4 up.
        try await fake.control("POST", "/_control/config", json: ["forget_idempotency_keys": true])
        try await h.start()
        try await h.waitForEvent("published", postID: id, count: 5, timeout: .seconds(60))
        try await h.waitUntilIdle()
        let statuses = try await fake.statuses()
        #expect(statuses.count == 5, "\(statuses)")
        #expect(statuses.map { $0["source_text"] as? String ?? "" }
                == ["Part one", "Part two", "Part three", "Part four", "Part five"])
        #expect(statuses.first?["in_reply_to_id"] is NSNull)
        for index in 1..<statuses.count {
            #expect(statuses[index]["in_reply_to_id"] as? String == statuses[index - 1]["id"] as? String)
        }
        #expect(statuses.allSatisfy { $0["visibility"] as? String == "unlisted" })
        let history = try await h.history()
        #expect(history.count == 1)
        #expect(history.first?["state"] == .string("published"))
        #expect(history.first?["remote_ids"] == .array(statuses.map { .string($0["id"] as? String ?? "?") }))
        #expect(!h.diagnostics.contains(Self.token), "the token must never be logged")
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(counts?["statuses_posts"] == 5)  // part 4 was found by the look-up, not sent again
        #expect((counts?["account_statuses"] ?? 0) >= 1)
    }

    @Test("a connection dropped after the request is read: looked up before the retry, one status")
    func droppedConnection() async throws {
        let (h, fake) = try await Self.setUp(label: "mastodon-drop")
        try await fake.control("POST", "/_control/faults", json: [["path": "/api/v1/statuses", "kind": "drop"]])
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "Dropped once"))
        let id = try await h.waitForAccepted("a.post")
        let published = try await h.waitForEvent("published", postID: id, timeout: .seconds(30))
        #expect(h.events("retrying", postID: id).count == 1, "\(h.diagnostics)")
        let statuses = try await fake.statuses()
        #expect(statuses.count == 1)
        #expect(published["HERALD_REMOTE_ID"] == statuses.first?["id"] as? String)
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(counts?["statuses_posts"] == 1)  // the retry found it by looking it up: one request, one status
        #expect(counts?["account_statuses"] == 1)
    }

    @Test("Content-Warning: sent as spoiler_text on every part of a thread")
    func contentWarningOnEveryPart() async throws {
        let (h, fake) = try await Self.setUp(label: "mastodon-cw")
        try await h.start()
        try h.drop("cw.post", postText(["At: now", "Content-Warning: Season finale spoilers"], "One\n---\nTwo"))
        let id = try await h.waitForAccepted("cw.post")
        try await h.waitForEvent("published", postID: id, count: 2, timeout: .seconds(30))
        let statuses = try await fake.statuses()
        #expect(statuses.count == 2)
        #expect(statuses.map { $0["spoiler_text"] as? String } == ["Season finale spoilers", "Season finale spoilers"])
        #expect(statuses.map { $0["source_text"] as? String } == ["One", "Two"])
    }
}
