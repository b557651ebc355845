import Foundation
import HeraldTestSupport
import Testing

/// Issue 14: RSS and Atom feeds. heraldd polls a loopback web server (`fake_feed.py`, with real ETag and
/// Last-Modified handling) every second; new items become post files in `incoming/` and go through the spool like
/// any other post. The first poll posts nothing, a re-ordered or shrunk feed posts nothing again, a crash between
/// writing an item's file and recording it neither loses nor doubles it, and failures are journal entries.
@Suite("Feeds")
struct FeedTests {
    /// A harness whose account `brand` (outbox) follows feed `blog` at `fake`'s `path`, polled every second.
    static func setUp(
        _ fake: FakeServer, path: String = "/blog.xml", feedLines: [String] = [], label: String
    ) throws -> DaemonHarness {
        var config = TestConfig()
        config.accounts = [TestConfig.outbox("brand", #"approvers = ["nobody"]"#)]
        config.extra = """
            [[feeds]]
            name = "blog"
            url = "\(fake.baseURL)\(path)"
            account = "brand"
            every = "1s"

            """ + feedLines.map { $0 + "\n" }.joined()
        return try DaemonHarness(config, label: label)
    }

    /// Sets the document the fake serves at `path`.
    static func serve(
        _ fake: FakeServer, _ items: [[String: String]], path: String = "/blog.xml", format: String = "rss"
    ) async throws {
        try await fake.control("POST", "/_control/feed", json: ["path": path, "format": format, "items": items])
    }

    static func item(_ n: Int, day: Int? = nil) -> [String: String] {
        var item = ["guid": "post-\(n)", "title": "Post number \(n)", "link": "https://blog.example/\(n)",
                    "summary": "<p>About <b>\(n)</b></p>"]
        if let day { item["published"] = String(format: "2026-11-%02dT09:00:00Z", day) }
        return item
    }

    /// The feed requests the fake has answered.
    static func requests(_ fake: FakeServer) async throws -> [[String: Any]] {
        try await fake.control("GET", "/_control/requests") as? [[String: Any]] ?? []
    }

    /// Waits until the fake has answered `more` further feed requests (polls are a second apart).
    static func waitForPolls(_ fake: FakeServer, _ h: DaemonHarness, more: Int) async throws {
        let start = try await requests(fake).count
        _ = try await h.eventually("\(more) more polls") { () async throws -> Bool? in
            try await requests(fake).count >= start + more ? true : nil
        }
    }

    /// `herald feeds --json`, the one feed's entry.
    static func feedsEntry(_ h: DaemonHarness) async throws -> JSON {
        let result = try await h.cli(["feeds", "--json"])
        #expect(result.status == .exited(0), "\(result)")
        return try #require(try result.json.array?.first)
    }

    @Test("an RSS feed: the first poll primes, new items are posted oldest first, at most max_per_poll a poll")
    func rssLifecycle() async throws {
        let fake = try await FakeServer.start("fake_feed.py")
        try await Self.serve(fake, [Self.item(2, day: 2), Self.item(1, day: 1)])
        let h = try Self.setUp(fake, feedLines: ["hold = false", "max_per_poll = 2"], label: #function)
        try await h.start()
        let primed = try await h.waitForEvent("feed-primed")
        #expect(primed["HERALD_FEED"] == "blog")
        #expect(primed["HERALD_ITEMS"] == "2")
        try await Self.waitForPolls(fake, h, more: 2)
        #expect(try h.outbox().isEmpty)
        #expect(h.events("feed-item").isEmpty)
        let listed = try await Self.feedsEntry(h)
        #expect(listed["name"]?.string == "blog")
        #expect(listed["state"]?.string == "ok")
        #expect(listed["seen_items"]?.int == 2)
        #expect(listed["last_error"]?.isNull == true)

        // Conditional GETs: after the first 200, the validators come back and the unchanged feed is a 304.
        let answered = try await Self.requests(fake)
        #expect(answered.first?["if_none_match"] is NSNull)
        #expect(answered.dropFirst().allSatisfy { $0["if_none_match"] is String && $0["status"] as? Int == 304 })

        // Three new items, newest first in the document, one without a date: two now, the third next poll.
        try await Self.serve(fake, [Self.item(5, day: 5), Self.item(4, day: 4), Self.item(3),
                                    Self.item(2, day: 2), Self.item(1, day: 1)])
        let published = try await h.waitForOutbox(count: 3)
        #expect(published.map(\.text) == [
            "Post number 4 https://blog.example/4", "Post number 5 https://blog.example/5",
            "Post number 3 https://blog.example/3",
        ])
        #expect(h.events("feed-item").count == 3)
        let accepted = h.events("accepted")
        #expect(accepted.count == 3)

        // Re-ordered, one item gone, another re-dated: nothing is new.
        try await Self.serve(fake, [Self.item(1, day: 30), Self.item(3), Self.item(5, day: 5), Self.item(4, day: 4)])
        try await Self.waitForPolls(fake, h, more: 3)
        try await h.waitUntilIdle()
        #expect(try h.outbox().count == 3)
        #expect(h.events("feed-item").count == 3)
        try await h.stop()

        // A restart remembers what was seen: a new item only.
        try await h.start()
        try await Self.serve(fake, [Self.item(6, day: 6), Self.item(1, day: 30), Self.item(5, day: 5)])
        let after = try await h.waitForOutbox(count: 4)
        #expect(after.last?.text == "Post number 6 https://blog.example/6")
        try await Self.waitForPolls(fake, h, more: 2)
        #expect(try h.outbox().count == 4)
        #expect(h.events("feed-primed").isEmpty == false)
        #expect(h.events("feed-primed").count == 1)
        try await h.stop()
    }

    @Test("an Atom feed's items wait for an approver by default, with the feed named as the reason")
    func atomHeldForApproval() async throws {
        let fake = try await FakeServer.start("fake_feed.py")
        try await Self.serve(fake, [], format: "atom")
        let h = try Self.setUp(fake, feedLines: [#"template = "From the blog: {title}. {summary} {link}""#],
                               label: #function)
        try await h.start()
        _ = try await h.waitForEvent("feed-primed")
        try await Self.serve(fake, [Self.item(1, day: 1)], format: "atom")
        let item = try await h.waitForEvent("feed-item")
        let name = try #require(item["HERALD_FILE"])
        let postID = try await h.waitForAccepted(name)
        let queued = try await h.queue()
        let entry = try #require(queued.first { $0["id"]?.string == postID })
        #expect(entry["state"]?.string == "held")
        #expect(entry["text"]?.string == "From the blog: Post number 1. About 1 https://blog.example/1")
        // root wrote the file (the daemon did), and an author never approves their own post.
        let approve = try await h.cli(["approve", postID, "--as", "nobody"])
        #expect(approve.status == .exited(0), "\(approve)")
        let published = try await h.waitForOutbox(count: 1)
        #expect(published.first?.postID == postID)
        try await h.stop()
    }

    /// heraldd exits at `point` of the first poll with a new item (`HERALD_DEBUG_FEED_CRASH`), as a crash would;
    /// started again without the hook, it posts that item exactly once.
    @Test("a crash before or after writing an item's file neither loses nor doubles it",
          arguments: ["before-write", "after-write"])
    func crashDuringAPoll(point: String) async throws {
        let fake = try await FakeServer.start("fake_feed.py")
        try await Self.serve(fake, [Self.item(1, day: 1)])
        let h = try Self.setUp(fake, feedLines: ["hold = false"], label: #function + point)
        h.environment["HERALD_DEBUG_FEED_CRASH"] = point
        let run = try await h.start()
        _ = try await h.waitForEvent("feed-primed")
        try await Self.serve(fake, [Self.item(2, day: 2), Self.item(1, day: 1)])
        let status = await run.wait(timeout: DaemonHarness.patience)
        #expect(status == .exited(70))
        let written = h.names(in: h.incoming).filter { $0.hasPrefix("feed-") }
        #expect(written.count == (point == "after-write" ? 1 : 0))
        #expect(try h.outbox().isEmpty)

        h.environment["HERALD_DEBUG_FEED_CRASH"] = nil
        try await h.start()
        _ = try await h.waitForOutbox(count: 1)
        try await Self.waitForPolls(fake, h, more: 3)
        try await h.waitUntilIdle()
        let outbox = try h.outbox()
        #expect(outbox.map(\.text) == ["Post number 2 https://blog.example/2"])
        #expect(h.events("rejected").isEmpty)
        #expect(try await h.history().count == 1)
        try await h.stop()
    }

    @Test("failures are journal entries and STATUS=, never a crash; a permanent redirect is reported once")
    func failuresAndRedirects() async throws {
        let fake = try await FakeServer.start("fake_feed.py")
        let h = try Self.setUp(fake, path: "/old.xml", label: #function)
        let receiver = try DatagramReceiver(path: h.path("notify"))
        h.environment["NOTIFY_SOCKET"] = receiver.path
        try await h.start()
        // Nothing served yet: 404.
        let failed = try await h.waitForEvent("feed-failed")
        #expect(failed["HERALD_FEED"] == "blog")
        #expect(failed["HERALD_REASON"]?.contains("HTTP 404") == true)
        _ = try await h.eventually("STATUS= to name the feed") { () -> Bool? in
            try PausedAccountTests.statuses(receiver).contains { $0.hasPrefix("degraded: feed blog: ") } ? true : nil
        }
        let failing = try await Self.feedsEntry(h)
        #expect(failing["state"]?.string == "failing")
        #expect(failing["last_error"]?.string?.contains("HTTP 404") == true)
        #expect(failing["failing_since"]?.string != nil)
        #expect(failing["primed_at"]?.isNull == true)
        // An HTML error page where the feed should be: a different reason, a second entry.
        try await fake.control("POST", "/_control/feed", json: ["path": "/old.xml", "raw": "<html>oops</html>"])
        let notAFeed = try await h.waitForEvent("feed-failed", count: 2)
        #expect(notAFeed["HERALD_REASON"]?.contains("not an RSS or Atom feed") == true)
        // The feed moved for good: followed, reported once, and the feed works again.
        try await Self.serve(fake, [Self.item(1, day: 1)], path: "/blog.xml")
        try await fake.control("POST", "/_control/redirect", json: ["from": "/old.xml", "to": "/blog.xml"])
        let moved = try await h.waitForEvent("feed-moved")
        #expect(moved["HERALD_URL"] == fake.baseURL + "/blog.xml")
        _ = try await h.waitForEvent("feed-recovered")
        _ = try await h.waitForEvent("feed-primed")
        let recovered = try await Self.feedsEntry(h)
        #expect(recovered["state"]?.string == "ok")
        #expect(recovered["seen_items"]?.int == 1)
        _ = try await h.eventually("STATUS= without the feed") { () -> Bool? in
            try PausedAccountTests.statuses(receiver).last.map { !$0.contains("feed blog") } == true ? true : nil
        }
        // A 503 with Retry-After: one entry, and the next poll no sooner than the server asked (polls are 1 s
        // apart otherwise), as the fake's clock saw the requests arrive.
        try await fake.control("POST", "/_control/faults", json: [
            ["path": "/blog.xml", "kind": "status", "code": 503, "retry_after": 3],
        ])
        let busy = try await h.waitForEvent("feed-failed", count: 3)
        #expect(busy["HERALD_REASON"]?.contains("HTTP 503") == true)
        _ = try await h.waitForEvent("feed-recovered", count: 2)
        let answered = try await Self.requests(fake)
        let refused = try #require(answered.firstIndex { $0["status"] as? Int == 503 })
        try #require(refused + 1 < answered.count)
        let waited = (answered[refused + 1]["at"] as? Double ?? 0) - (answered[refused]["at"] as? Double ?? 0)
        #expect(waited >= 2.9, "polled again \(waited) s after a 503 asking for 3 s")
        #expect(h.events("feed-moved").count == 1)
        try h.requireRunning()
        try await h.stop()
    }

    @Test("a local feed file is read when it changes; a missing one is a failure until it appears")
    func localFile() async throws {
        var config = TestConfig()
        let h0 = try DaemonHarness(config, label: #function)
        let path = h0.path("feed.xml")
        config.extra = """
            [[feeds]]
            path = "\(path)"
            account = "brand"
            every = "1s"
            hold = false

            """
        try h0.writeConfig(config)
        let h = h0
        try await h.start()
        let failed = try await h.waitForEvent("feed-failed")
        #expect(failed["HERALD_FEED"] == path)
        #expect(failed["HERALD_REASON"]?.contains("No such file") == true)
        let rss = { (items: [Int]) in
            "<rss><channel><title>Local</title>" + items.map {
                "<item><guid>local-\($0)</guid><title>Local \($0)</title></item>"
            }.joined() + "</channel></rss>"
        }
        try h.write(rss([1]), to: path)
        _ = try await h.waitForEvent("feed-primed")
        try h.write(rss([2, 1]), to: path)
        let published = try await h.waitForOutbox(count: 1)
        #expect(published.map(\.text) == ["Local 2"])
        try await h.stop()
    }
}
