import Foundation
import HeraldCore
import HeraldTestSupport
import Testing

@_spi(Seeding) import HeraldStore

/// `learn = "daily"` on an injected clock: heraldd refits the account's curve from its history when it is due,
/// says why it cannot while the history is too short (and tries again a day later), and re-plans the queue.
@Suite("scheduled learning from history")
struct ScheduledLearningTests {
    static let token = "inproc-learn-token"
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func config(fake: FakeServer, credentials: String) -> String {
        """
        [daemon]
        horizon = "7d"
        freeze = "0s"

        [[accounts]]
        name = "brand"
        network = "mastodon"
        base_url = "\(fake.baseURL)"
        credentials = "\(credentials)"
        time_zone = "America/New_York"
        audience = "coasts"
        learn = "daily"
        timeout = "10s"

        [[audiences]]
        name = "coasts"
        zones = { "America/New_York" = 0.6, "America/Los_Angeles" = 0.4 }
        """
    }

    /// `count` statuses every 97 minutes from nine weeks before `now`, fetched a week after each: engagement high
    /// only between 02:00 and 04:00 New York time.
    static func seed(_ database: AppDatabase, count: Int, now: Date) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = newYork
        let start = now.addingTimeInterval(-63 * 86_400)
        let statuses = (0..<count).map { ("s-\(UUID().uuidString)", start.addingTimeInterval(Double($0) * 97 * 60)) }
        try database.seedPublishedStatuses(account: "brand", statuses)
        let due = try database.metricsDue(account: "brand", now: now, limit: count)
        let fetched = Dictionary(uniqueKeysWithValues: due.map { status -> (String, FetchedMetrics) in
            let best = (2..<4).contains(calendar.component(.hour, from: status.publishedAt))
            return (status.remoteID, .counts(StatusMetrics(likes: best ? 300 : 3, reposts: 0, replies: 0)))
        })
        try database.recordMetrics(due, fetched: fetched, now: now)
    }

    @Test("too few statuses at start: logged, tried again a day later with more, and the queue re-planned")
    func refitsOnSchedule() async throws {
        let mastodon = try await MastodonCredentials(token: Self.token, label: "herald-scheduled-learning")
        let (fake, credentials) = (mastodon.fake, mastodon.path)
        defer { fake.stop() }
        let t0 = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let daemon = try InProcessDaemon(config: Self.config(fake: fake, credentials: credentials), now: t0)
        try FileManager.default.createDirectory(atPath: daemon.state, withIntermediateDirectories: true)
        let database = try daemon.database()
        try Self.seed(database, count: 5, now: t0)
        try await daemon.start()
        let failed = daemon.log.entries.filter { $0.message == "learning from history failed" }
        #expect(failed.count == 1 && failed.first?.metadata["HERALD_REASON"]?.contains("at least 20") == true)

        let window = "Not-Before: \(RFC3339.string(from: t0.addingTimeInterval(3 * 86_400)))\n"
            + "Not-After: \(RFC3339.string(from: t0.addingTimeInterval(5 * 86_400)))\n"
        try daemon.drop("a.post", window + "\nPlanned by the audience\n")
        try await daemon.eventually("the post planned") { try database.queue().count == 1 }
        let before = try database.queue()[0].scheduledAt

        try Self.seed(database, count: 600, now: t0)
        daemon.clock.withLock { $0 = t0.addingTimeInterval(86_400 + 60) }
        MetricsDaemonTests.nudge(daemon)
        try await daemon.eventually("the curve learned") {
            daemon.log.entries.contains { $0.message == "curve learned from history" }
        }
        try await daemon.eventually("the post re-planned") { try database.queue()[0].scheduledAt != before }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.newYork
        let after = try database.queue()[0].scheduledAt
        #expect((1..<4).contains(calendar.component(.hour, from: after)), "moved to \(after) from \(before)")
        #expect(try database.learnedAt(account: "brand") == t0.addingTimeInterval(86_400 + 60))
        #expect(daemon.log.entries.filter { $0.message == "learning from history failed" }.count == 1)
        try await daemon.stop()
    }
}
