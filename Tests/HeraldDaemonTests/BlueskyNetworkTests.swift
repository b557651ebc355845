import Foundation
import HeraldTestSupport
import Testing

/// heraldd publishing to Bluesky (the loopback fake PDS): exactly once across kill -9 and dropped connections,
/// with one login.
@Suite("Bluesky through heraldd")
struct BlueskyNetworkTests {
    static let password = "e2e-app-password"

    /// A fake Bluesky PDS and a harness whose account `brand` publishes to it.
    static func setUp(label: String) async throws -> (DaemonHarness, FakeServer) {
        let fake = try await FakeServer.start(
            "fake_bluesky.py", arguments: ["--identifier", "brand.test", "--password", password])
        let h = try DaemonHarness(label: label)
        let secret = h.path("bluesky-credentials")
        try h.write(#"{"identifier": "brand.test", "app_password": "\#(password)"}"#, to: secret, mode: 0o600)
        let account = """
            [[accounts]]
            name = "brand"
            network = "bluesky"
            base_url = "\(fake.baseURL)"
            credentials = "\(secret)"
            timeout = "10s"

            """
        try h.writeConfig(TestConfig(
            daemon: ["max_lateness = \"15m\"", "retry_base = \"1s\"", "retry_cap = \"2s\""], accounts: [account]))
        return (h, fake)
    }

    static let thread = "Part one #herald\n---\nPart two\n---\nPart three\n---\nPart four\n---\nPart five"

    @Test("a 5-part thread survives kill -9 after part 3: exactly 5 records with the right root and parent")
    func threadSurvivesKill9() async throws {
        let (h, fake) = try await Self.setUp(label: "bluesky-kill9")
        try await fake.control("POST", "/_control/faults", json: [
            ["path": "/xrpc/com.atproto.repo.createRecord", "kind": "slow", "delay": 300, "after": 3],
        ])
        try await h.start()
        try h.drop("thread.post", postText(["At: now"], Self.thread))
        let id = try await h.waitForAccepted("thread.post")
        _ = try await h.eventually("part 4 to reach the server") { try await fake.statuses().count >= 4 ? true : nil }
        try await h.kill9()
        try await h.start()
        try await h.waitForEvent("published", postID: id, count: 5, timeout: .seconds(60))
        try await h.waitUntilIdle()
        let records = try await fake.statuses()
        #expect(records.count == 5, "\(records)")
        let bodies = records.map { $0["record"] as? [String: Any] ?? [:] }
        #expect(bodies.map { $0["text"] as? String ?? "" }
                == ["Part one #herald", "Part two", "Part three", "Part four", "Part five"])
        #expect(bodies[0]["reply"] == nil)
        for index in 1..<records.count {
            let reply = bodies[index]["reply"] as? [String: [String: String]]
            #expect(reply?["root"] == ["uri": records[0]["uri"] as? String ?? "",
                                       "cid": records[0]["cid"] as? String ?? ""])
            #expect(reply?["parent"] == ["uri": records[index - 1]["uri"] as? String ?? "",
                                         "cid": records[index - 1]["cid"] as? String ?? ""])
        }
        let history = try await h.history()
        #expect(history.first?["remote_ids"] == .array(records.map { .string($0["uri"] as? String ?? "?") }))
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(counts?["createSession"] == 1, "one login across the restart")
        #expect(!h.diagnostics.contains(Self.password), "the app password must never be logged")
    }

    @Test("a connection dropped after the request is read: the retry finds the record, one record")
    func droppedConnection() async throws {
        let (h, fake) = try await Self.setUp(label: "bluesky-drop")
        try await fake.control("POST", "/_control/faults",
                               json: [["path": "/xrpc/com.atproto.repo.createRecord", "kind": "drop"]])
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "Dropped once"))
        let id = try await h.waitForAccepted("a.post")
        let published = try await h.waitForEvent("published", postID: id, timeout: .seconds(30))
        #expect(h.events("retrying", postID: id).count == 1, "\(h.diagnostics)")
        let records = try await fake.statuses()
        #expect(records.count == 1)
        #expect(published["HERALD_REMOTE_ID"] == records.first?["uri"] as? String)
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(counts?["createRecord"] == 2)
    }
}
