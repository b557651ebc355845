import Foundation
import Glibc
import Testing

/// Issue 4 through the real binaries: the daemon places posts of an account with an audience by the planner,
/// re-plans on cancel and on `herald learn`; `herald audience` draws the week.
@Suite("audience planning end to end")
struct AudienceTests {
    /// An account planned for two coasts, with quiet nights and an hour between posts, over a one-day horizon.
    static func config() -> TestConfig {
        var config = TestConfig()
        config.daemon += ["horizon = \"1d\"", "freeze = \"0s\""]
        config.accounts = [TestConfig.outbox(
            "brand", "time_zone = \"America/New_York\"", "audience = \"coasts\"", "min_gap = \"1h\"",
            "quiet = [\"23:00-07:00\"]", "slots = [\"03:00\"]"
        )]
        config.extra = """
            [[audiences]]
            name = "coasts"
            zones = { "America/New_York" = 0.6, "America/Los_Angeles" = 0.4 }
            """
        return config
    }

    static let newYork = TimeZone(identifier: "America/New_York")!

    /// Scheduled instants by post id, from `herald queue --json`.
    func scheduled(_ h: DaemonHarness) async throws -> [String: Date] {
        var result: [String: Date] = [:]
        for item in try await h.queue() {
            if let id = item["id"]?.string, let at = item["scheduled_at"]?.date { result[id] = at }
        }
        return result
    }

    @Test("posts are planned on the grid outside quiet hours, min_gap apart; cancelling one frees its instant")
    func plannedAndReplannedOnCancel() async throws {
        let h = try DaemonHarness(Self.config())
        try await h.start()
        try h.drop("a.post", postText(["Account: brand"], "first"))
        let a = try await h.waitForAccepted("a.post")
        let alone = try #require(try await scheduled(h)[a])
        try h.drop("b.post", postText(["Account: brand"], "second"))
        let b = try await h.waitForAccepted("b.post")
        let before = try await scheduled(h)
        let instants = [try #require(before[a]), try #require(before[b])]
        for instant in instants {
            #expect(Int(instant.timeIntervalSince1970) % 300 == 0, "on the 5-minute grid: \(instant)")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = Self.newYork
            let hour = calendar.component(.hour, from: instant)
            #expect((7..<23).contains(hour), "outside quiet hours: \(instant)")
            #expect(instant > Date() && instant <= Date().addingTimeInterval(86_400 + 300))
        }
        #expect(abs(instants[0].timeIntervalSince(instants[1])) >= 3_600)
        // The planner, not the 03:00 slot, placed them, and the journal says so with the reach.
        for instant in instants {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = Self.newYork
            #expect(calendar.component(.hour, from: instant) != 3)
        }
        let queueText = try await h.cli(["queue"]).stdout
        #expect(queueText.contains(RFC3339Parse.string(instants[0])), "UTC and local time shown: \(queueText)")

        // Two posts share the evening around the instant a lone post gets; with one cancelled, the other takes it.
        try #require(before[b] != alone, "b must start elsewhere for the move to show: \(before), \(alone)")
        let cancelled = try await h.cli(["cancel", a])
        #expect(cancelled.status == .exited(0), "\(cancelled)")
        let moved = try await h.eventually("the other post to move to the lone post's instant") {
            () async throws -> Date? in
            let now = try await scheduled(h)
            return now[b] == alone ? now[b] : nil
        }
        #expect(moved == alone)
        #expect(h.events("scheduled", postID: b).count >= 1)
        try await h.stop()
    }

    @Test("herald plan --json plans with the daemon's planner and prints the reach of each post and account")
    func planJSON() async throws {
        var config = Self.config()
        config.accounts.append(TestConfig.outbox("plain", "slots = [\"09:00\"]"))
        let h = try DaemonHarness(config)
        let file = h.path("x.post")
        try h.write(postText(["Account: brand, plain"], "cross-posted"), to: file)
        let now = "2026-11-23T12:00:00Z"  // a Monday, 07:00 in New York
        let result = try await h.cli(["plan", "--now", now, "--json", file, file])
        #expect(result.status == .exited(0), "\(result)")
        let items = try #require(try result.json.array)
        #expect(items.count == 4)
        for item in items {
            let keys = Set(["id", "account", "state", "scheduled_at", "local_time", "author", "text", "reach"])
            if case let .object(fields) = item { #expect(Set(fields.keys) == keys) }
            if case let .number(reach)? = item["reach"] { #expect(reach > 0) } else { Issue.record("\(item)") }
        }
        let brand = items.filter { $0["account"]?.string == "brand" }.compactMap { $0["scheduled_at"]?.date }
        #expect(brand.count == 2 && abs(brand[0].timeIntervalSince(brand[1])) >= 3_600, "\(brand)")
        let plain = items.filter { $0["account"]?.string == "plain" }.compactMap { $0["scheduled_at"]?.string }
        #expect(plain == ["2026-11-24T09:00:00Z", "2026-11-25T09:00:00Z"], "the slot queue: \(plain)")
    }

    /// A synthetic X analytics export: posts every 97 minutes for eight weeks before `now`, engagement high only
    /// between 02:00 and 04:00 New York time, with a few bad rows.
    static func export(now: Date) -> String {
        var lines = ["Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,engagement rate"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = newYork
        var instant = now.addingTimeInterval(-56 * 86_400)
        var id = 1
        while instant < now {
            let hour = calendar.component(.hour, from: instant)
            let engagements = (2..<4).contains(hour) ? 400 : 4
            let stamp = RFC3339Parse.string(instant)
            lines.append("\(id),https://x.com/i/\(id),\"text, with comma\",\(stamp),1000,\(engagements),0.1")
            instant = instant.addingTimeInterval(97 * 60)
            id += 1
        }
        lines.insert("999,https://x.com/i/999,bad,yesterday,1000,5,0.1", at: 3)
        lines.insert("998,https://x.com/i/998,bad", at: 5)
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("herald learn fits and stores a curve, re-plans, herald audience shows it; bad input and reset")
    func learnAndAudience() async throws {
        var config = Self.config()
        config.daemon = ["max_lateness = \"15m\"", "horizon = \"1d\"", "freeze = \"0s\""]
        config.accounts = [TestConfig.outbox("brand", "time_zone = \"America/New_York\"", "audience = \"coasts\"")]
        let h = try DaemonHarness(config)
        try await h.start()
        try h.drop("a.post", postText(["Account: brand"], "hello"))
        let id = try await h.waitForAccepted("a.post")
        let before = try #require(try await scheduled(h)[id])

        let csv = h.path("export.csv")
        try h.write(Self.export(now: Date()), to: csv)
        let learned = try await h.cli(["learn", "--account", "brand", csv])
        #expect(learned.status == .exited(0), "\(learned)")
        #expect(learned.stdout.contains("learned the curve of brand"), "\(learned)")
        #expect(learned.stderr.contains("line 4") && learned.stderr.contains("line 6"), "bad rows by line: \(learned)")
        // Engagement lives between 02:00 and 04:00 New York time: the post moves into (or just before) it.
        let after = try await h.eventually("the post to be re-planned") { () async throws -> Date? in
            let now = try await scheduled(h)[id]
            return now != before ? now : nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.newYork
        #expect((1..<4).contains(calendar.component(.hour, from: after)), "\(after)")

        let picture = try await h.cli(["audience", "--account", "brand", "--no-color", "--svg", h.path("week.svg")])
        #expect(picture.status == .exited(0), "\(picture)")
        #expect(picture.stdout.contains("learned curve") && picture.stdout.contains("America/New_York"))
        #expect(picture.stdout.contains("●"), "the planned post is marked: \(picture.stdout)")
        let svg = try String(contentsOfFile: h.path("week.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))

        try h.write("time,impressions,engagements\nnot a time,1,2\n", to: h.path("bad.csv"))
        let bad = try await h.cli(["learn", "--account", "brand", h.path("bad.csv")])
        #expect(bad.status == .exited(1) && bad.stderr.contains("line 2"), "\(bad)")
        let unknown = try await h.cli(["learn", "--account", "nobody", csv])
        #expect(unknown.status == .exited(1) && unknown.stderr.contains("nobody"), "\(unknown)")

        let reset = try await h.cli(["learn", "--account", "brand", "--reset"])
        #expect(reset.status == .exited(0) && reset.stdout.contains("forgot"), "\(reset)")
        let plain = try await h.cli(["audience", "--account", "brand", "--no-color"])
        #expect(plain.stdout.contains("audience coasts"), "\(plain)")
        try await h.stop()
    }
}
