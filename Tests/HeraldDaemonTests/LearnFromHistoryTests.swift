import Foundation
import HeraldCore
import HeraldTestSupport
import Testing

@_spi(Seeding) import HeraldStore

/// Issue 15 through the binaries: `herald history --metrics` shows the figures heraldd stored, and
/// `herald learn --from-history` fits the account's curve from its own statuses, which moves a queued post toward
/// the hours that did best.
@Suite("learning from history end to end")
struct LearnFromHistoryTests {
    static let token = "e2e-learn-token"
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// Two Mastodon accounts on one fake: `brand` planned for the two coasts, `quiet` without history.
    static func setUp() async throws -> (DaemonHarness, FakeServer) {
        let fake = try await FakeServer.start("fake_mastodon.py", arguments: ["--token", token])
        let h = try DaemonHarness(label: "learn-from-history")
        let secret = h.path("mastodon-credentials")
        try h.write("access_token = \(token)\n", to: secret, mode: 0o600)
        func account(_ name: String, _ lines: String...) -> String {
            "[[accounts]]\nname = \"\(name)\"\nnetwork = \"mastodon\"\nbase_url = \"\(fake.baseURL)\"\n"
                + "credentials = \"\(secret)\"\ntimeout = \"10s\"\n" + lines.map { $0 + "\n" }.joined()
        }
        var config = TestConfig(
            daemon: ["max_lateness = \"15m\"", "horizon = \"1d\"", "freeze = \"0s\""],
            accounts: [account("brand", "time_zone = \"America/New_York\"", "audience = \"coasts\""),
                       account("quiet", "time_zone = \"UTC\"")])
        config.extra = """
            [[audiences]]
            name = "coasts"
            zones = { "America/New_York" = 0.6, "America/Los_Angeles" = 0.4 }
            """
        try h.writeConfig(config)
        return (h, fake)
    }

    /// Eight weeks of statuses every 97 minutes, fetched a week after each: engagement high only between 02:00 and
    /// 04:00 New York time.
    static func seedHistory(_ database: AppDatabase, now: Date) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = newYork
        var statuses: [(remoteID: String, publishedAt: Date)] = []
        var instant = now.addingTimeInterval(-63 * 86_400)
        while instant < now.addingTimeInterval(-7 * 86_400) {
            statuses.append(("old-\(statuses.count)", instant))
            instant = instant.addingTimeInterval(97 * 60)
        }
        try database.seedPublishedStatuses(account: "brand", statuses)
        let due = try database.metricsDue(account: "brand", now: now, limit: statuses.count)
        var fetched: [String: FetchedMetrics] = [:]
        for status in due {
            let hour = calendar.component(.hour, from: status.publishedAt)
            fetched[status.remoteID] = .counts(StatusMetrics(likes: (2..<4).contains(hour) ? 300 : 3, reposts: 1,
                                                             replies: 0))
        }
        try database.recordMetrics(due, fetched: fetched, now: now)
    }

    @Test("history --metrics shows each status's figures; learn --from-history moves a queued post to the best hours")
    func historyAndLearning() async throws {
        let (h, fake) = try await Self.setUp()
        defer { fake.stop() }
        try FileManager.default.createDirectory(atPath: h.state, withIntermediateDirectories: true)
        let database = try AppDatabase(path: AppDatabase.path(inStateDirectory: h.state))
        try Self.seedHistory(database, now: Date())
        try await h.start()

        try h.drop("now.post", postText(["Account: brand", "At: now"], "Published right away"))
        let published = try await h.waitForAccepted("now.post")
        try await h.waitForEvent("published", postID: published)
        try h.drop("later.post", postText(["Account: brand"], "Planned by the audience"))
        let planned = try await h.waitForAccepted("later.post")
        let before = try #require(try await h.queue().first { $0["id"]?.string == planned }?["scheduled_at"]?.date)

        // The daemon's fetch an hour after publication, recorded as it records it.
        let remote = try #require(try await fake.statuses().first?["id"] as? String)
        let hourLater = Date().addingTimeInterval(3600 + 60)
        let due = try database.metricsDue(account: "brand", now: hourLater, limit: 10000)
            .filter { $0.remoteID == remote }
        try database.recordMetrics(due, fetched: [remote: .counts(StatusMetrics(likes: 5, reposts: 2, replies: 1))],
                                   now: hourLater)

        let plain = try await h.cli(["history", "--json"])
        #expect(plain.status == .exited(0), "\(plain)")
        #expect(try plain.json.array?.first?["metrics"] == nil, "no metrics without --metrics")
        let history = try await h.cli(["history", "--json", "--metrics"])
        let item = try #require(try history.json.array?.first { $0["id"]?.string == published })
        #expect(item["remote_ids"] == .array([.string(remote)]), "existing fields unchanged")
        let status = try #require(item["metrics"]?.array?.first)
        #expect(status["remote_id"]?.string == remote && status["part"]?.int == 0)
        let hour = try #require(status["ages"]?["1h"])
        #expect(hour["likes"]?.int == 5 && hour["reposts"]?.int == 2 && hour["replies"]?.int == 1)
        #expect(hour["quotes"] == .null && hour["impressions"] == .null)
        #expect(status["next_fetch_at"]?.string != nil && status["gone_at"] == .null)
        let text = try await h.cli(["history", "--metrics"])
        #expect(text.stdout.contains("1h 5 likes 2 reposts 1 replies"), "\(text)")

        let learned = try await h.cli(["learn", "--account", "brand", "--from-history"])
        #expect(learned.status == .exited(0), "\(learned)")
        #expect(learned.stdout.contains("learned the curve of brand from "), "\(learned)")
        let after = try await h.eventually("the planned post to move") { () async throws -> Date? in
            let now = try await h.queue().first { $0["id"]?.string == planned }?["scheduled_at"]?.date
            return now != before ? now : nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.newYork
        #expect((1..<4).contains(calendar.component(.hour, from: after)), "moved to \(after) from \(before)")
        let picture = try await h.cli(["audience", "--account", "brand", "--no-color", "--svg", h.path("week.svg")])
        #expect(picture.stdout.contains("learned curve"), "\(picture)")
        #expect(picture.stdout.contains("★ = performed best"), "\(picture)")
        let best = try #require(picture.stdout.split(separator: "\n").first { $0.hasPrefix("performed best") })
        #expect(best.contains(" 02:") || best.contains(" 03:"), "the best quarter hours are 02:00-04:00: \(best)")
        #expect(try String(contentsOfFile: h.path("week.svg"), encoding: .utf8).contains("performed best"))

        let none = try await h.cli(["learn", "--account", "quiet", "--from-history"])
        #expect(none.status == .exited(1), "\(none)")
        #expect(none.stderr.contains("0 published statuses") && none.stderr.contains("at least 20"), "\(none)")
        let both = try await h.cli(["learn", "--account", "brand", "--from-history", "--reset"])
        #expect(both.status == .exited(64), "\(both)")
        try await h.stop()
    }

    @Test("the outbox has no figures: history --metrics gives its statuses none, learn --from-history says why")
    func outboxHasNoMetrics() async throws {
        let h = try DaemonHarness()
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "To the outbox"))
        let id = try await h.waitForAccepted("a.post")
        try await h.waitForEvent("published", postID: id)
        let history = try await h.cli(["history", "--json", "--metrics"])
        #expect(try history.json.array?.first?["metrics"] == .array([]), "\(history)")
        let learned = try await h.cli(["learn", "--account", "brand", "--from-history"])
        #expect(learned.status == .exited(1) && learned.stderr.contains("only x, mastodon and bluesky"), "\(learned)")
        try await h.stop()
    }
}
