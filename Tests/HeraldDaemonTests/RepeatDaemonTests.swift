import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Repeating posts end to end (issue 14): the real loop, in-process with an injected clock, publishing to the
/// outbox; `herald queue`, `history` and `cancel` run as the real CLI against the same state. One daemon at a
/// time: each is cheap alone, and a dozen starting at once beside the rest of the suite only add to its load.
@Suite("Repeating posts in the daemon", .serialized)
struct RepeatDaemonTests {
    static let t0 = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z
    static let day: TimeInterval = 86_400

    /// A daemon whose `herald.toml` names its spool and state (so the CLI finds them), with `accounts` tables.
    static func daemon(_ accounts: String, extra: String = "") throws -> InProcessDaemon {
        let daemon = try InProcessDaemon(config: "", now: t0)
        let config = """
            [daemon]
            spool = "\(daemon.spool)"
            state = "\(daemon.state)"
            max_lateness = "15m"
            on_missed = "publish"
            horizon = "1d"

            \(accounts)
            \(extra)
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: daemon.configPath))
        return daemon
    }

    static let brand = """
        [[accounts]]
        name = "brand"
        network = "outbox"
        time_zone = "America/New_York"
        """

    /// Moves the injected clock and wakes the loop (a reload is the one event a test can send; the timer is armed
    /// on the real clock, years before the injected one).
    static func advance(_ daemon: InProcessDaemon, to date: Date) {
        daemon.clock.withLock { $0 = date }
        daemon.reload()
    }

    static func outbox(_ daemon: InProcessDaemon) throws -> [JSON] {
        let directory = daemon.state + "/outbox/brand"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted().map {
            try JSON.parse(try String(contentsOfFile: directory + "/" + $0, encoding: .utf8))
        }
    }

    static func queue(_ daemon: InProcessDaemon) async throws -> [JSON] {
        let result = try await cli(daemon, ["queue", "--json"])
        guard result.status == .exited(0), let items = try JSON.parse(result.stdout).array else {
            throw HarnessError("herald queue --json failed: \(result.stdout) \(result.stderr)")
        }
        return items
    }

    /// Runs the real `herald` CLI against the daemon's configuration.
    static func cli(_ daemon: InProcessDaemon, _ arguments: [String]) async throws -> CLIResult {
        let stem = daemon.root + "/.cli-\(UUID().uuidString)"
        let pid = try Spawner.spawn(try Binaries.herald, arguments + ["--config", daemon.configPath],
                                    stdout: .writeFile(stem + ".out"), stderr: .writeFile(stem + ".err"))
        guard let status = await Spawner.wait(pid, timeout: .seconds(60)) else {
            Spawner.killAndReap(pid)
            throw HarnessError("herald \(arguments) did not finish within 60 s")
        }
        let out = (try? String(contentsOfFile: stem + ".out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stem + ".err", encoding: .utf8)) ?? ""
        return CLIResult(status: status, stdout: out, stderr: err)
    }

    @Test("a daily series capped at 3 publishes three times at 09:00 New York time, across the DST change")
    func aCappedSeries() async throws {
        // 09:00 EST on 9 March 2030; DST starts on the 10th, so the next two are at 09:00 EDT (13:00Z).
        let daemon = try Self.daemon(Self.brand)
        let first = Date(timeIntervalSince1970: 1_899_295_200)  // 2030-03-09T14:00:00Z
        daemon.clock.withLock { $0 = first.addingTimeInterval(-3600) }
        try await daemon.start()
        try daemon.drop("tip.post", """
            Account: brand
            At: 2030-03-09 09:00
            Repeat: every 1d
            Repeat-Count: 3

            Tip of the day: drink water.
            """)
        try await daemon.eventually("the post accepted") { !daemon.events("accepted").isEmpty }
        let queued = try await Self.queue(daemon)
        #expect(queued.count == 1)
        #expect(queued.first?["repeat"] == .object(["every": .string("1d"), "occurrence": .number(1),
                                                     "count": .number(3), "until": .null]))

        let expected = [first, first.addingTimeInterval(23 * 3600), first.addingTimeInterval(47 * 3600)]
        for (index, due) in expected.enumerated() {
            Self.advance(daemon, to: due.addingTimeInterval(5))
            try await daemon.eventually("occurrence \(index + 1) published") {
                try Self.outbox(daemon).count == index + 1
            }
            if index < 2 {
                try await daemon.eventually("occurrence \(index + 2) queued") {
                    daemon.events("scheduled").contains { $0.metadata["HERALD_OCCURRENCE"] == "\(index + 2)" }
                }
                let next = try await Self.queue(daemon)
                #expect(next.count == 1)
                #expect(next.first?["scheduled_at"]?.date == expected[index + 1])
                #expect(next.first?["local_time"]?.string?.contains("09:00") == true, "\(next)")
                #expect(next.first?["repeat"]?["occurrence"]?.int == index + 2)
                let text = try await Self.cli(daemon, ["queue"])
                #expect(text.stdout.contains("repeats every 1d, \(index + 2) of 3"), "\(text.stdout)")
            }
        }
        try await daemon.eventually("the series ended") {
            daemon.log.entries.contains { $0.message == "series of a repeating post ended" }
        }
        #expect(try await Self.queue(daemon).isEmpty)
        let published = try Self.outbox(daemon)
        #expect(published.compactMap { $0["scheduled_at"]?.date } == expected)
        #expect(Set(published.compactMap { $0["post_id"]?.string }).count == 1)
        let history = try await Self.cli(daemon, ["history", "--json"])
        let occurrences = try JSON.parse(history.stdout).array?.compactMap { $0["repeat"]?["occurrence"]?.int }
        #expect(occurrences?.sorted() == [1, 2, 3])
        try await daemon.stop()
    }

    @Test("herald cancel in the middle of a series stops it: nothing more is queued or published")
    func cancelledMidSeries() async throws {
        let daemon = try Self.daemon(Self.brand)
        try await daemon.start()
        try daemon.drop("weekly.post", """
            Account: brand
            At: 2030-01-01T01:00:00Z
            Repeat: every 1w

            Our weekly newsletter is out.
            """)
        try await daemon.eventually("the post accepted") { !daemon.events("accepted").isEmpty }
        for week in 0..<2 {
            Self.advance(daemon, to: Self.t0.addingTimeInterval(3600 + Double(week) * 7 * Self.day + 1))
            try await daemon.eventually("week \(week + 1) published") { try Self.outbox(daemon).count == week + 1 }
            try await daemon.eventually("week \(week + 2) queued") {
                daemon.events("scheduled").contains { $0.metadata["HERALD_OCCURRENCE"] == "\(week + 2)" }
            }
        }
        let waiting = try await Self.queue(daemon)
        let id = try #require(waiting.first?["id"]?.string)
        #expect(waiting.first?["repeat"]?["occurrence"]?.int == 3)
        #expect(waiting.first?["repeat"]?["count"] == .null)
        let cancel = try await Self.cli(daemon, ["cancel", id])
        #expect(cancel.status == .exited(0), "\(cancel)")
        #expect(try await Self.queue(daemon).isEmpty)

        // The third week's time comes and goes: a sentinel due a second later goes out, the series does not.
        let week3 = Self.t0.addingTimeInterval(3600 + 14 * Self.day)
        try daemon.drop("sentinel.post", "Account: brand\nAt: \(RFC3339.string(from: week3 + 1))\n\nSentinel\n")
        try await daemon.eventually("the sentinel accepted") { daemon.events("accepted").count == 2 }
        Self.advance(daemon, to: week3.addingTimeInterval(2))
        try await daemon.eventually("the sentinel published") { try Self.outbox(daemon).count == 3 }
        try await daemon.stop()
        #expect(try Self.outbox(daemon).compactMap { $0["post_id"]?.string } == [id, id, daemon.events("accepted")
            .last?.metadata["HERALD_POST_ID"]])
        #expect(try await Self.queue(daemon).isEmpty)
        let states = try daemon.database().history().filter { $0.postID == id }.map(\.state)
        #expect(states.sorted { $0.rawValue < $1.rawValue } == [.cancelled, .published, .published])
    }

    @Test("on an account with an audience, each occurrence is placed by the planner from its nominal time")
    func throughThePlanner() async throws {
        let planned = Self.brand + "\naudience = \"coasts\"\nmin_gap = \"1h\""
        let audiences = """
            [[audiences]]
            name = "coasts"
            zones = { "America/New_York" = 0.6, "America/Los_Angeles" = 0.4 }
            """
        let daemon = try Self.daemon(planned, extra: audiences)
        try await daemon.start()
        try daemon.drop("planned.post", """
            Account: brand
            Repeat: every 2d
            Repeat-Count: 2

            Planned twice.
            """)
        try await daemon.eventually("the post planned") { !daemon.events("scheduled").isEmpty }
        let first = try #require(try daemon.database().queue().first)
        #expect(!first.provisional && first.scheduledAt <= Self.t0.addingTimeInterval(Self.day))

        Self.advance(daemon, to: first.scheduledAt.addingTimeInterval(1))
        try await daemon.eventually("the first occurrence published") { try Self.outbox(daemon).count == 1 }
        // The next occurrence waits provisional until the pacer settles the account, then has its planned time.
        let nominal = first.scheduledAt.addingTimeInterval(2 * Self.day)
        try await daemon.eventually("the second occurrence placed by the planner") {
            guard let next = try daemon.database().queue().first else { return false }
            return !next.provisional && next.series?.occurrence == 2
        }
        let second = try #require(try daemon.database().queue().first)
        #expect(second.scheduledAt >= nominal && second.scheduledAt <= nominal.addingTimeInterval(Self.day))
        #expect(daemon.events("scheduled").contains { $0.metadata["HERALD_PROVISIONAL"] == "1" })
        let placedAt = RFC3339.string(from: second.scheduledAt)
        #expect(daemon.events("scheduled").contains {
            $0.message == "post scheduled" && $0.metadata["HERALD_SCHEDULED_AT"] == placedAt
        })

        Self.advance(daemon, to: second.scheduledAt.addingTimeInterval(1))
        try await daemon.eventually("the second occurrence published") { try Self.outbox(daemon).count == 2 }
        try await daemon.eventually("the series ended") {
            daemon.log.entries.contains { $0.message == "series of a repeating post ended" }
        }
        #expect(try daemon.database().queue().isEmpty)
        try await daemon.stop()
    }

    @Test("herald check and plan report the rule; a repeat with In-Reply-To is refused with its line")
    func check() async throws {
        let daemon = try Self.daemon(Self.brand)
        let good = daemon.root + "/good.post"
        try Data("Account: brand\nRepeat: every 2w\nRepeat-Count: 4\n\nHi\n".utf8)
            .write(to: URL(fileURLWithPath: good))
        let bad = daemon.root + "/bad.post"
        try Data("Account: brand\nIn-Reply-To: 123\nRepeat: every 2w\n\nHi\n".utf8)
            .write(to: URL(fileURLWithPath: bad))
        let result = try await Self.cli(daemon, ["check", "--json", good, bad])
        #expect(result.status == .exited(1))
        let reports = try #require(try JSON.parse(result.stdout).array)
        #expect(reports.first?["repeat"] == .object(["every": .string("2w"), "count": .number(4), "until": .null]))
        #expect(reports.last?["errors"]?.array?.first?["line"]?.int == 3)
        let text = try await Self.cli(daemon, ["check", good])
        #expect(text.stdout.contains("ok (repeats every 2w, 4 times)"), "\(text)")
        let plan = try await Self.cli(daemon, ["plan", "--now", "2030-01-01T00:00:00Z", "--json", good])
        let planned = try #require(try JSON.parse(plan.stdout).array, "\(plan)")
        #expect(planned.first?["repeat"] == .object(["every": .string("2w"), "occurrence": .number(1),
                                                      "count": .number(4), "until": .null]), "\(plan)")
    }
}
