import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

/// Posts of a paused account whose window passes while it waits for new credentials get `on_missed`, at the
/// instant the injected clock says so, once each; the rest go out after the reload. Mastodon's fake stands in for
/// the network (bearer tokens: no signature timestamps to keep near the real clock).
@Suite("A paused account's posts and on_missed")
struct PausedAccountMissedTests {
    static let token = "inproc-mastodon-token"

    static func config(fake: FakeServer, credentials: String, onMissed: String, maxLateness: String = "15m")
        -> String
    {
        """
        [daemon]
        max_lateness = "\(maxLateness)"
        on_missed = "\(onMissed)"

        [[accounts]]
        name = "brand"
        network = "mastodon"
        base_url = "\(fake.baseURL)"
        credentials = "\(credentials)"
        time_zone = "UTC"
        timeout = "10s"
        """
    }

    @Test("on_missed = fail fails a waiting post once its max_lateness is over; publish lets it out after the reload",
          arguments: ["fail", "publish"])
    func windowsPassWhilePaused(onMissed: String) async throws {
        let fake = try await FakeServer.start("fake_mastodon.py", arguments: ["--token", Self.token])
        let t0 = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
        let scratch = try TemporaryDirectory("herald-paused-missed")
        let credentials = scratch.path + "/mastodon-credentials"
        try Data("access_token = revoked\n".utf8).write(to: URL(fileURLWithPath: credentials))
        chmod(credentials, 0o600)
        let daemon = try InProcessDaemon(
            config: Self.config(fake: fake, credentials: credentials, onMissed: onMissed), now: t0)
        try await daemon.start()
        func at(_ minutes: Double) -> String { "At: " + RFC3339Parse.string(t0.addingTimeInterval(minutes * 60)) }
        try daemon.drop("a.post", at(0) + "\n\nDue first\n")
        try daemon.drop("b.post", at(30) + "\n\nDue at half past\n")
        try await daemon.eventually("the pause") { daemon.events("paused").count == 1 }

        // 20 minutes on, a file arriving wakes the loop: the first post is 20 minutes late, the second not yet due.
        daemon.clock.withLock { $0 = t0.addingTimeInterval(20 * 60) }
        try daemon.drop("c.post", at(90) + "\n\nLater\n")
        try await daemon.eventually("the first post missed") { daemon.events("missed").count == 1 }
        #expect(daemon.events("missed").first?.metadata["HERALD_POST_ID"]
                == daemon.events("accepted").first?.metadata["HERALD_POST_ID"])
        // Another event at the same instant judges nothing again (the window moved on).
        daemon.clock.withLock { $0 = t0.addingTimeInterval(50 * 60) }
        try daemon.drop("d.post", "At: now\n\nWritten while paused\n")
        try await daemon.eventually("the second post missed") { daemon.events("missed").count == 2 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(daemon.events("missed").count == 2, "each post is judged once")
        #expect(daemon.events("paused").count == 1)
        #expect(try await fake.statuses().isEmpty)

        try Data("access_token = \(Self.token)\n".utf8).write(to: URL(fileURLWithPath: credentials))
        daemon.reload()
        try await daemon.eventually("the account resumed") { daemon.events("resumed").count == 1 }
        let published = onMissed == "publish" ? 3 : 1  // a, b late and d; or d alone
        try await daemon.eventually("\(published) published") { daemon.events("published").count == published }
        try await Task.sleep(for: .milliseconds(200))
        let texts = try await fake.statuses().map { $0["text"] as? String ?? $0["content"] as? String ?? "?" }
        #expect(texts.count == published, "\(texts)")
        let states = try daemon.database().history().map(\.state)
        #expect(states.filter { $0 == .failed }.count == (onMissed == "fail" ? 2 : 0))
        #expect(try daemon.database().queuedCount() == 1, "c waits for its time")
        try await daemon.stop()
    }

    /// With `max_lateness = 0` a post is late once its time is past: the look at its very instant finds it on time,
    /// and the next one (a second later) still judges it, instead of letting it slip out of the window.
    @Test("max_lateness = 0: a post looked at on its very instant is judged at the next look")
    func zeroLateness() async throws {
        let fake = try await FakeServer.start("fake_mastodon.py", arguments: ["--token", Self.token])
        let t0 = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
        let scratch = try TemporaryDirectory("herald-paused-zero")
        let credentials = scratch.path + "/mastodon-credentials"
        try Data("access_token = revoked\n".utf8).write(to: URL(fileURLWithPath: credentials))
        chmod(credentials, 0o600)
        let daemon = try InProcessDaemon(
            config: Self.config(fake: fake, credentials: credentials, onMissed: "fail", maxLateness: "0s"), now: t0)
        try await daemon.start()
        func at(_ minutes: Double) -> String { "At: " + RFC3339Parse.string(t0.addingTimeInterval(minutes * 60)) }
        try daemon.drop("a.post", "At: now\n\nRefused\n")
        try await daemon.eventually("the pause") { daemon.events("paused").count == 1 }
        try daemon.drop("b.post", at(10) + "\n\nDue at ten past\n")
        try await daemon.eventually("b accepted") { daemon.events("accepted").count == 2 }
        daemon.clock.withLock { $0 = t0.addingTimeInterval(10 * 60) }
        try daemon.drop("c.post", at(90) + "\n\nWakes the loop at ten past\n")
        try await daemon.eventually("c accepted") { daemon.events("accepted").count == 3 }
        let missedAtTenPast = daemon.events("missed").count
        daemon.clock.withLock { $0 = t0.addingTimeInterval(10 * 60 + 1) }
        try daemon.drop("d.post", at(90) + "\n\nWakes the loop a second later\n")
        try await daemon.eventually("b missed") { daemon.events("missed").count == missedAtTenPast + 1 }
        #expect(daemon.events("missed").count == 2, "a (due at t0) and b, each once: \(daemon.events("missed"))")
        try await daemon.stop()
    }
}
