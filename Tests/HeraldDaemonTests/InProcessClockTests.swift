import Foundation
import HeraldCore
import HeraldStore
import Testing

/// The daemon in-process with an injected clock (issue 16): missed posts and held posts expiring are decided by
/// the real loop at instants the test picks, across a stop and a start, with no waiting on the wall clock.
@Suite("heraldd in-process, with an injected clock")
struct InProcessClockTests {
    static let t0 = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z

    static func config(onMissed: String, extra: String = "") -> String {
        """
        [daemon]
        max_lateness = "15m"
        on_missed = "\(onMissed)"

        [[accounts]]
        name = "brand"
        network = "outbox"
        time_zone = "UTC"
        \(extra)
        """
    }

    /// Starts at `t0`, queues `text` (due at 01:00) until `event` is logged, stops, and starts again `later`
    /// seconds after `t0`.
    static func queueThenRestart(
        _ daemon: InProcessDaemon, _ text: String, until event: String, later: TimeInterval
    ) async throws {
        try await daemon.start()
        try daemon.drop("post.post", "At: 2030-01-01T01:00:00Z\n\n" + text + "\n")
        try await daemon.eventually("the post \(event)") { !daemon.events(event).isEmpty }
        try await daemon.stop()
        daemon.clock.withLock { $0 = Self.t0.addingTimeInterval(later) }
        try await daemon.start()
    }

    @Test("a post found 2 h late at start is failed (on_missed = fail), decided at the injected instant")
    func missedAndFailed() async throws {
        let daemon = try InProcessDaemon(config: Self.config(onMissed: "fail"), now: Self.t0)
        try await Self.queueThenRestart(daemon, "We will be late", until: "accepted", later: 3 * 3600)
        let missed = daemon.events("missed")
        #expect(missed.count == 1 && missed.first?.message == "post missed its time; failed", "\(missed)")
        #expect(try daemon.database().history().map(\.state) == [.failed])
        try await daemon.stop()
    }

    @Test("at exactly max_lateness the post is missed; a moment before, it simply goes out",
          arguments: [(899.0, false), (900.0, true)])
    func theBoundary(lateBy seconds: TimeInterval, missed: Bool) async throws {
        let daemon = try InProcessDaemon(config: Self.config(onMissed: "fail"), now: Self.t0)
        try await Self.queueThenRestart(daemon, "Right on the edge", until: "accepted", later: 3600 + seconds)
        #expect(daemon.events("missed").count == (missed ? 1 : 0), "late by \(seconds) s")
        if !missed {
            try await daemon.eventually("the post published") { !daemon.events("published").isEmpty }
        }
        try await daemon.stop()
    }

    @Test("a held post expires at its time plus max_lateness, not a moment before", arguments: [899.0, 900.0])
    func heldPostExpiry(lateBy seconds: TimeInterval) async throws {
        let policy = "approvers = [\"carol\"]\npolicy = { profanity = \"hold\" }\n"
        let daemon = try InProcessDaemon(config: Self.config(onMissed: "fail", extra: policy), now: Self.t0)
        try await Self.queueThenRestart(daemon, "What the f**k", until: "held", later: 3600 + seconds)
        let expired = seconds >= 900
        try await daemon.eventually("the expiry check") {
            !expired || !daemon.events("expired").isEmpty
        }
        #expect(daemon.events("expired").count == (expired ? 1 : 0), "late by \(seconds) s")
        #expect(try daemon.database().heldCount() == (expired ? 0 : 1))
        try await daemon.stop()
    }
}
