import Foundation
import HeraldTestSupport
import Testing

/// heraldd publishing to Threads (the loopback fake): exactly once across kill -9 and every kind of fault.
@Suite("Threads through heraldd")
struct ThreadsNetworkTests {
    static let token = "e2e-threads-token"

    /// A fake Threads and a harness whose account `brand` publishes to it.
    static func setUp(
        label: String, timeout: String = "10s", credentials extra: String = ""
    ) async throws -> (DaemonHarness, FakeServer) {
        let fake = try await FakeServer.start("fake_threads.py", arguments: ["--token", token, "--user-id", "42"])
        let h = try DaemonHarness(label: label)
        let secret = h.path("threads-credentials")
        try h.write("# Threads\naccess_token = \(token)\nuser_id = 42\n\(extra)", to: secret, mode: 0o600)
        let account = """
            [[accounts]]
            name = "brand"
            network = "threads"
            base_url = "\(fake.baseURL)"
            credentials = "\(secret)"
            timeout = "\(timeout)"

            """
        try h.writeConfig(TestConfig(
            daemon: ["max_lateness = \"15m\"", "retry_base = \"1s\"", "retry_cap = \"2s\""], accounts: [account]))
        return (h, fake)
    }

    /// A token three days from its expiry: a warning and `STATUS=` degraded from the start; the first publish
    /// refreshes it (60 days more), which clears both.
    @Test("a token expiring within a week is warned about until a refresh renews it")
    func expiryWarning() async throws {
        let expiry = Date().addingTimeInterval(3 * 86_400)
        let (h, fake) = try await Self.setUp(label: "threads-expiry", credentials: "expires_at = \(rfc3339(expiry))\n")
        let receiver = try DatagramReceiver(path: h.path("notify"))
        h.environment["NOTIFY_SOCKET"] = receiver.path
        try await h.start()
        let warning = try #require(h.lines.first { $0.message == "credentials expire soon; renew them and reload" })
        #expect(warning["HERALD_ACCOUNT"] == "brand")
        #expect(warning["HERALD_EXPIRES_AT"] == rfc3339(expiry))
        var seen: [String] = []
        _ = try await h.eventually("STATUS= to say so") { () -> Bool? in
            seen += try PausedAccountTests.statuses(receiver)
            return seen.contains { $0.hasPrefix("degraded: brand's credentials expire ") } ? true : nil
        }
        try h.drop("a.post", postText(["At: now"], "Renewing"))
        try await h.waitForEvent("published")
        _ = try await h.eventually("STATUS= no longer degraded") { () -> Bool? in
            seen += try PausedAccountTests.statuses(receiver)
            return seen.last.map { !$0.hasPrefix("degraded") } == true ? true : nil
        }
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(counts?["refresh"] == 1)
        #expect(h.lines.filter { $0.message == "credentials expire soon; renew them and reload" }.count == 1)
    }

    static let thread = "Part one\n---\nPart two\n---\nPart three\n---\nPart four\n---\nPart five"

    @Test("a 5-part thread survives kill -9 after part 3: exactly 5 posts, each replying to the previous")
    func threadSurvivesKill9() async throws {
        let (h, fake) = try await Self.setUp(label: "threads-kill9")
        // Part 4 is published, but its answer is held back: the daemon dies not knowing it went out.
        try await fake.control("POST", "/_control/faults", json: [
            ["path": "/v1.0/42/threads_publish", "kind": "slow", "delay": 300, "after": 3],
        ])
        try await h.start()
        try h.drop("thread.post", postText(["At: now"], Self.thread))
        let id = try await h.waitForAccepted("thread.post")
        _ = try await h.eventually("part 4 to be published") { try await fake.statuses().count >= 4 ? true : nil }
        try await h.kill9()
        try await h.start()
        try await h.waitForEvent("published", postID: id, count: 5, timeout: .seconds(60))
        try await h.waitUntilIdle()
        let posts = try await fake.statuses()
        #expect(posts.count == 5, "\(posts)")
        #expect(posts.map { $0["text"] as? String ?? "" }
                == ["Part one", "Part two", "Part three", "Part four", "Part five"])
        #expect(posts.first?["reply_to_id"] is NSNull)
        for index in 1..<posts.count {
            #expect(posts[index]["reply_to_id"] as? String == posts[index - 1]["id"] as? String)
        }
        let history = try await h.history()
        #expect(history.first?["state"] == .string("published"))
        #expect(history.first?["remote_ids"] == .array(posts.map { .string($0["id"] as? String ?? "?") }))
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(counts?["containers"] == 5, "part 4's container was asked, not made again")
        #expect(!h.diagnostics.contains(Self.token), "the token must never be logged")
    }

    /// Each fault on `threads_publish` (and on making the container): the post goes out exactly once.
    @Test("faults: 5xx, 429, slow past the timeout, dropped after the request: exactly one post", arguments: [
        ["path": "/v1.0/42/threads_publish", "kind": "status", "code": 503],
        ["path": "/v1.0/42/threads_publish", "kind": "ratelimit"],
        ["path": "/v1.0/42/threads_publish", "kind": "slow", "delay": 6],
        ["path": "/v1.0/42/threads_publish", "kind": "drop"],
        ["path": "POST /v1.0/42/threads", "kind": "drop"],
        ["path": "POST /v1.0/42/threads", "kind": "status", "code": 500],
    ] as [[String: any Sendable]])
    func faults(_ fault: [String: any Sendable]) async throws {
        let (h, fake) = try await Self.setUp(label: "threads-fault", timeout: "3s")
        var entry: [String: Any] = [:]
        for (key, value) in fault { entry[key] = value }
        try await fake.control("POST", "/_control/faults", json: [entry])
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "Through a fault"))
        let id = try await h.waitForAccepted("a.post")
        let published = try await h.waitForEvent("published", postID: id, timeout: .seconds(30))
        #expect(h.events("retrying", postID: id).count == 1, "\(h.diagnostics)")
        let posts = try await fake.statuses()
        #expect(posts.count == 1, "\(posts)")
        #expect(published["HERALD_REMOTE_ID"] == posts.first?["id"] as? String)
        #expect(h.events("failed").isEmpty)
    }
}
