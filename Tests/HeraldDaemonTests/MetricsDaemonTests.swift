import Foundation
import HeraldCore
import HeraldPublishers
import HeraldStore
import HeraldTestSupport
import Testing

/// heraldd fetching engagement at the statuses' ages, on an injected clock, from Mastodon's fake (bearer tokens:
/// no signature timestamps to keep near the real clock): figures at 1 h and 24 h, a deleted status recorded as gone
/// and never asked again, and a post that is due published before any metrics request.
@Suite("metrics fetched by heraldd")
struct MetricsDaemonTests {
    static let token = "inproc-metrics-token"

    /// Any inotify event in `incoming/` makes the loop step (dot files are never read), as `herald learn` nudges it.
    static func nudge(_ daemon: InProcessDaemon) {
        let path = daemon.spool + "/incoming/.nudge"
        close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600))
        unlink(path)
    }

    /// A daemon at t0 (the real clock's second) publishing to a Mastodon fake, with two statuses published at t0
    /// and, when `third` is given, a third post dropped before they go out.
    static func startWithTwoStatuses(label: String, third: ((Date) -> String)? = nil) async throws
        -> (MastodonCredentials, InProcessDaemon, Date)
    {
        let mastodon = try await MastodonCredentials(token: token, label: label)
        let t0 = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let daemon = try InProcessDaemon(
            config: PausedAccountMissedTests.config(fake: mastodon.fake, credentials: mastodon.path,
                                                    onMissed: "reschedule"),
            now: t0)
        try await daemon.start()
        try daemon.drop("a.post", "At: now\n\nFirst status\n")
        try daemon.drop("b.post", "At: now\n\nSecond status\n")
        if let third { try daemon.drop("c.post", third(t0)) }
        try await daemon.eventually("two statuses published") { daemon.events("published").count == 2 }
        return (mastodon, daemon, t0)
    }

    @Test("statuses get their figures at 1 h and 24 h; a deleted one is gone; a due post goes out first")
    func fetchedAtTheirAges() async throws {
        // The third post is due at the very moment both statuses' first fetch is.
        let (mastodon, daemon, t0) = try await Self.startWithTwoStatuses(label: "herald-metrics-daemon") { t0 in
            "At: \(RFC3339.string(from: t0.addingTimeInterval(3600)))\n\nThird status\n"
        }
        let fake = mastodon.fake
        defer { fake.stop() }
        let ids = try await fake.statuses().compactMap { $0["id"] as? String }
        try #require(ids.count == 2)
        let database = try daemon.database()
        #expect(try database.metricsSamples(account: "brand").isEmpty)
        #expect(try database.nextMetricsDue(accounts: ["brand"]) == ["brand": t0.addingTimeInterval(3600)])

        // An hour on, a post is due at the same moment as both fetches: it goes out first.
        try await fake.control("POST", "/_control/engagement",
                               json: ["id": ids[0], "favourites": 4, "reblogs": 1, "replies": 0])
        daemon.clock.withLock { $0 = t0.addingTimeInterval(3600 + 30) }
        Self.nudge(daemon)
        try await daemon.eventually("the 1 h figures") {
            try database.metricsSamples(account: "brand").filter { $0.metrics[3600] != nil }.count == 2
        }
        let messages = daemon.log.entries.map(\.message)
        let published = try #require(messages.lastIndex(of: "status published"))
        let fetched = try #require(messages.firstIndex(of: "status metrics fetched"))
        #expect(published < fetched, "publishing comes first")
        var samples = try database.metricsSamples(account: "brand")
        #expect(samples.first?.metrics[3600] == StatusMetrics(likes: 4, reposts: 1, replies: 0))
        #expect(try await fake.statuses().count == 3)

        // A day on: the first status's 24 h figure; the second was deleted meanwhile.
        try await fake.control("POST", "/_control/engagement",
                               json: ["id": ids[0], "favourites": 12, "reblogs": 3, "replies": 2])
        try await fake.control("POST", "/_control/delete", json: ["id": ids[1]])
        daemon.clock.withLock { $0 = t0.addingTimeInterval(86_400 + 3600 + 60) }
        Self.nudge(daemon)
        let second = try #require(try database.history().first { $0.remoteIDs == [ids[1]] })
        try await daemon.eventually("the 24 h figures, and the second status gone") {
            try database.metricsSamples(account: "brand").first?.metrics[86_400] != nil
                && database.statusMetrics(postID: second.postID, account: "brand").first?.goneAt != nil
        }
        samples = try database.metricsSamples(account: "brand")
        #expect(samples.first?.metrics[86_400] == StatusMetrics(likes: 12, reposts: 3, replies: 2))
        let record = try database.statusMetrics(postID: second.postID, account: "brand")
        #expect(record.first?.dueAt == nil && record.first?.fetches.count == 1, "\(record)")
        try await daemon.eventually("the third status's 24 h figure") {
            try database.metricsSamples(account: "brand").last?.metrics[86_400] != nil
        }
        let gets = try await fake.control("GET", "/_control/counts") as? [String: Int]

        // Nothing is asked about the deleted status again, even a week on.
        daemon.clock.withLock { $0 = t0.addingTimeInterval(8 * 86_400) }
        Self.nudge(daemon)
        try await daemon.eventually("the 7 d figures of the first and third statuses") {
            let samples = try database.metricsSamples(account: "brand")
            return samples.first?.metrics[604_800] != nil && samples.last?.metrics[604_800] != nil
        }
        let after = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(after?["status_gets"] == (gets?["status_gets"] ?? 0) + 2, "the first and third statuses only")
        #expect(daemon.log.entries.filter { $0.message == "status metrics deferred" }.isEmpty)
        try await daemon.stop()
    }

    @Test("credentials refused to a metrics fetch pause the account, once, as a refused publish does")
    func refusedCredentialsPause() async throws {
        let (mastodon, daemon, t0) = try await Self.startWithTwoStatuses(label: "herald-metrics-refused")
        let fake = mastodon.fake
        defer { fake.stop() }
        try await daemon.stop()
        // The token is revoked while heraldd is down; nothing is due to publish, only the 1 h fetches.
        try Data("access_token = revoked-token\n".utf8).write(to: URL(fileURLWithPath: mastodon.path))
        daemon.clock.withLock { $0 = t0.addingTimeInterval(3600 + 30) }
        try await daemon.start()
        Self.nudge(daemon)
        try await daemon.eventually("the account paused") { daemon.events("paused").count == 1 }
        let database = try daemon.database()
        #expect(try database.pauses()["brand"]?.reason.contains("401") == true)
        #expect(try database.metricsSamples(account: "brand").isEmpty)
        daemon.clock.withLock { $0 = t0.addingTimeInterval(3 * 3600) }
        Self.nudge(daemon)
        try await daemon.eventually("a step after the pause") { daemon.log.entries.count > 0 }
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect((counts?["status_gets"] ?? 0) == 0, "refused before any figure")
        #expect(daemon.events("paused").count == 1)
        #expect(daemon.log.entries.filter { $0.message == "status metrics deferred" }.isEmpty,
                "paused, not resting and knocking again")
        try await daemon.stop()
    }

    @Test("a rate-limit window down to publishing's reserve rests the fetches until its reset; posts still go out")
    func fetchesRestAtTheReserve() async throws {
        let (mastodon, daemon, t0) = try await Self.startWithTwoStatuses(label: "herald-metrics-reserve")
        let fake = mastodon.fake
        defer { fake.stop() }
        // The window (reset two hours on by the real clock, which the injected one does not pass before the end)
        // has one request left above the reserve.
        let reserve = WindowRateLimit.publishingReserve
        try await fake.control("POST", "/_control/config",
                               json: ["rate_limit": ["remaining": reserve + 1, "reset_in": 7200]])
        daemon.clock.withLock { $0 = t0.addingTimeInterval(3600 + 30) }
        Self.nudge(daemon)
        let deferred = { daemon.log.entries.filter { $0.message == "status metrics deferred" } }
        try await daemon.eventually("the fetches deferred") { deferred().count == 1 }
        #expect(deferred().first?.metadata["HERALD_REASON"]?.contains("kept for publishing") == true)
        let database = try daemon.database()
        #expect(try database.metricsSamples(account: "brand").count == 1, "one fetch above the reserve")
        try daemon.drop("c.post", "At: now\n\nPublished while the fetches rest\n")
        try await daemon.eventually("the third status published") { daemon.events("published").count == 3 }
        try await Task.sleep(for: .milliseconds(300))
        #expect(deferred().count == 1, "resting, not spinning")
        let counts = try await fake.control("GET", "/_control/counts") as? [String: Int]
        #expect(counts?["status_gets"] == 1)
        try await daemon.stop()
    }
}

