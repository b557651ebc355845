import Foundation
import HeraldConfig
import HeraldCore
import HeraldStore
import Testing

/// Deferred planning through the real loop (issue 12): files accepted with their planning deferred (the path a
/// burst into a long queue takes) end exactly where inline planning puts them, are journalled as scheduled once
/// placed, and a file the planner has no room for comes back to `rejected/` with its reason.
@Suite("heraldd in-process: deferred planning")
struct DeferredPlanningDaemonTests {
    static let t0 = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z, 19:00 in New York

    static let config = """
        [daemon]
        horizon = "1d"
        freeze = "0s"

        [[accounts]]
        name = "brand"
        network = "outbox"
        time_zone = "America/New_York"
        audience = "coasts"
        min_gap = "1h"
        quiet = ["23:00-07:00"]

        [[audiences]]
        name = "coasts"
        zones = { "America/New_York" = 0.6, "America/Los_Angeles" = 0.4 }
        """

    /// Drops the same files into a daemon and waits until every one left `incoming/` and nothing is provisional.
    static func run(deferPlanning: Bool) async throws -> (InProcessDaemon, [String: Date]) {
        let daemon = try InProcessDaemon(config: config, now: t0, deferPlanning: deferPlanning)
        try await daemon.start()
        for name in ["a", "b", "c"] { try daemon.drop("\(name).post", "Account: brand\n\npost \(name)\n") }
        // 03:00–03:20 New York: inside the quiet night, no instant at all.
        try daemon.drop("night.post", """
            Not-Before: 2030-01-02 03:00 America/New_York
            Not-After: 2030-01-02 03:20 America/New_York

            too late at night
            """)
        try await daemon.eventually("every file handled and placed") {
            let left = try FileManager.default.contentsOfDirectory(atPath: daemon.spool + "/incoming")
            let settled = try daemon.database().provisionalAccounts().isEmpty
            return left.isEmpty && settled
                && FileManager.default.fileExists(atPath: daemon.spool + "/rejected/night.post.error")
        }
        let queue = try daemon.database().queue()
        var byText: [String: Date] = [:]
        for entry in queue { byText[entry.text] = entry.scheduledAt }
        return (daemon, byText)
    }

    @Test("deferred posts settle where inline planning puts them; the one with no room is handed back")
    func deferredEqualsInline() async throws {
        let (deferred, placed) = try await Self.run(deferPlanning: true)
        let (inline, expected) = try await Self.run(deferPlanning: false)
        try await inline.stop()
        #expect(placed == expected)
        #expect(placed.keys.sorted() == ["post a", "post b", "post c"])
        let windowEnd = Self.t0.addingTimeInterval(86_400)
        #expect(placed.values.allSatisfy { $0 < windowEnd && Int($0.timeIntervalSince1970) % 300 == 0 })
        // Journalled once placed, with the reach; the deferred path logged it after acceptance. (When the files
        // came in two batches, the second settle may also have moved a post: `post re-planned`, not counted.)
        let scheduled = deferred.events("scheduled").filter { $0.message == "post scheduled" }
        #expect(scheduled.count == 3 && scheduled.allSatisfy { $0.metadata["HERALD_REACH"] != nil }, "\(scheduled)")
        #expect(deferred.log.entries.contains { $0.message == "planner settled" })
        // The file with no room is back in rejected/ byte for byte, beside its reason.
        let rejected = deferred.spool + "/rejected/night.post"
        let content = try String(contentsOfFile: rejected, encoding: .utf8)
        #expect(content.hasPrefix("Not-Before: 2030-01-02 03:00 America/New_York\n"))
        let reason = try String(contentsOfFile: rejected + ".error", encoding: .utf8)
        #expect(reason.contains("no instant for account brand within the post's window"), "\(reason)")
        #expect(deferred.events("rejected").count == 1)
        try await deferred.stop()
    }

    @Test("posts left provisional by a stop are settled at the next start")
    func provisionalPostsSurviveARestart() async throws {
        let daemon = try InProcessDaemon(config: Self.config, now: Self.t0, deferPlanning: true)
        try await daemon.start()
        let database = try daemon.database()
        // Accepted provisional behind the daemon's back, as a stop right after the accepting transaction leaves it.
        try await daemon.stop()
        let config = try ConfigLoader.load(path: daemon.configPath)
        let planning = try database.planningContext(config)
        let post = NewPost(
            id: "p1", submitterID: nil, fileName: "p1.post", spoolKey: "k1", ownerUID: 0, content: Array("x".utf8),
            author: nil, kind: .post, language: "en", inReplyTo: nil, parts: ["x"],
            targets: [GatedTarget(PostTarget(account: config.accounts[0], language: "en"))]
        )
        _ = try database.acceptAll([post], now: Self.t0, planning: planning, deferPlanning: true) { _, _ in nil }
        #expect(try database.provisionalAccounts() == ["brand"])
        try await daemon.start()
        #expect(try database.provisionalAccounts().isEmpty)
        let at = try #require(try database.queue().first?.scheduledAt)
        #expect(at < Self.t0.addingTimeInterval(86_400))
        try await daemon.stop()
    }
}
