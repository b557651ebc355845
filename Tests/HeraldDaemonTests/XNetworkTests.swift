import Foundation
import HeraldTestSupport
import Testing

/// heraldd publishing to X (the loopback fake, which verifies OAuth 1.0a signatures with oauthlib): exactly once
/// across kill -9, and media.
@Suite("X through heraldd")
struct XNetworkTests {
    static let secret = "consumer_secret = test-consumer-secret"

    /// A fake X and a harness whose account `brand` publishes to it with OAuth 1.0a.
    static func setUp(label: String, extra: String = "") async throws -> (DaemonHarness, FakeServer) {
        let fake = try await FakeServer.start("fake_x.py")
        let h = try DaemonHarness(label: label)
        let credentials = h.path("x-credentials")
        try h.write("""
            # X, OAuth 1.0a user context
            consumer_key = test-consumer-key
            \(secret)
            access_token = 42-test-access-token
            access_token_secret = "test-access-token-secret"

            """, to: credentials, mode: 0o600)
        let account = """
            [[accounts]]
            name = "brand"
            network = "x"
            base_url = "\(fake.baseURL)"
            credentials = "\(credentials)"
            timeout = "10s"
            \(extra)

            """
        try h.writeConfig(TestConfig(
            daemon: ["max_lateness = \"15m\"", "retry_base = \"1s\"", "retry_cap = \"2s\""], accounts: [account]))
        return (h, fake)
    }

    static let thread = "Part one\n---\nPart two\n---\nPart three\n---\nPart four\n---\nPart five"

    @Test("a 5-part thread survives kill -9 after part 3: exactly 5 posts, each replying to the previous")
    func threadSurvivesKill9() async throws {
        let (h, fake) = try await Self.setUp(label: "x-kill9")
        // Part 4 is created, but its answer is held back: the daemon dies not knowing it went out.
        try await fake.control("POST", "/_control/delay", json: ["index": 4, "seconds": 300])
        try await h.start()
        try h.drop("thread.post", postText(["At: now"], Self.thread))
        let id = try await h.waitForAccepted("thread.post")
        _ = try await h.eventually("part 4 to reach X") { try await fake.statuses().count >= 4 ? true : nil }
        try await h.kill9()
        try await h.start()
        try await h.waitForEvent("published", postID: id, count: 5, timeout: .seconds(60))
        try await h.waitUntilIdle()
        let posts = try await fake.statuses()
        #expect(posts.count == 5, "\(posts)")
        #expect(posts.map { $0["text"] as? String ?? "" }
                == ["Part one", "Part two", "Part three", "Part four", "Part five"])
        #expect(posts.first?["in_reply_to"] is NSNull)
        for index in 1..<posts.count {
            #expect(posts[index]["in_reply_to"] as? String == posts[index - 1]["id"] as? String)
        }
        let history = try await h.history()
        #expect(history.count == 1)
        #expect(history.first?["state"] == .string("published"))
        #expect(history.first?["remote_ids"] == .array(posts.map { .string($0["id"] as? String ?? "?") }))
        #expect(!h.diagnostics.contains("test-consumer-secret"), "secrets must never be logged")
    }

    @Test("a post with media: uploaded with its alt text and attached to the post")
    func postWithMedia() async throws {
        let media = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-x-media-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: media) }
        let image = media.appendingPathComponent("chart.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 7, 7, 7]).write(to: image)
        let (h, fake) = try await Self.setUp(label: "x-media", extra: "media_dirs = [\"\(media.path)\"]")
        try await h.start()
        try h.drop("media.post", postText(
            ["At: now", "Media: \(image.path); alt=Sales by month, rising"], "Our numbers"))
        let id = try await h.waitForAccepted("media.post")
        let published = try await h.waitForEvent("published", postID: id, timeout: .seconds(30))
        let posts = try await fake.statuses()
        #expect(posts.count == 1)
        #expect(published["HERALD_REMOTE_ID"] == posts.first?["id"] as? String)
        let mediaIDs = posts.first?["media_ids"] as? [String] ?? []
        #expect(mediaIDs.count == 1)
        let stats = try await fake.control("GET", "/_control/stats") as? [String: Any]
        let uploaded = (stats?["media"] as? [String: Any])?[mediaIDs.first ?? ""] as? [String: Any]
        #expect(uploaded?["alt"] as? String == "Sales by month, rising")
        #expect(uploaded?["size"] as? Int == 12)
    }

    @Test("a Media file outside media_dirs is rejected at intake, and nothing is posted")
    func mediaOutsideDirectoriesIsRejected() async throws {
        let (h, fake) = try await Self.setUp(label: "x-media-outside", extra: "media_dirs = [\"/nonexistent\"]")
        try await h.start()
        try h.drop("bad.post", postText(["At: now", "Media: /etc/hostname; alt=host"], "Leaking"))
        _ = try await h.eventually("bad.post to be rejected") { h.rejectedNames.contains("bad.post") ? true : nil }
        #expect(try await fake.statuses().count == 0)
    }
}
