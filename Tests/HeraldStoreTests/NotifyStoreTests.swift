import Foundation
import GRDB
import HeraldCore
import Testing

@testable import HeraldStore

/// Issue 15: notifications are recorded with the events that cause them (triggers, same transaction), routed to
/// the `[[notify]]` entries that want them, and kept until acknowledged, across a reopening of the database.
@Suite("Notifications in the store")
struct NotifyStoreTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    static let everything = NotifyTarget(name: "all", endpoint: .command(["/bin/true"]))
    static let ceoRejections = NotifyTarget(name: "ceo-rejections", endpoint: .webhook("https://h.example/"),
                                            events: [.rejected], accounts: ["ceo"], secret: "s")

    /// The recorded notifications: (event, account, post, text), in order.
    func notifications() throws -> [[String?]] {
        try database.rows("SELECT event, account, post_id, text FROM notifications ORDER BY id").map {
            [$0["event"], $0["account"], $0["post_id"], $0["text"]]
        }
    }

    @Test func heldRejectedExpiredFailedAndPausedAreRecordedWithTheirEventsAndNothingElseIs() throws {
        try database.acceptFixed(makePost("p1", parts: ["first part", "second"], targets: [
            gatedTarget("brand", at: When.at(30), hold: "voice"),
            gatedTarget("ceo", at: When.at(30), rejection: "profanity"),
            target("news", at: 10),
        ]))
        #expect(try notifications() == [["held", "brand", "p1", "first part"], ["rejected", "ceo", "p1", "first part"]])
        let scheduled = try database.row("SELECT scheduled_at FROM notifications WHERE event = 'held'")?["scheduled_at"]
            as Double?
        #expect(scheduled == When.at(30).timeIntervalSince1970)

        _ = try database.expireHeld(now: When.at(31), maxLateness: 0)
        let claim = try database.mustClaim(try database.targetID("p1", "news"), now: When.at(10))
        try database.record(claim, result: .permanent(reason: "x answered 403"), now: When.at(11))
        try database.acceptFixed(makePost("p2", targets: [target("brand", at: 40)]))
        let second = try database.mustClaim(try database.targetID("p2", "brand"), now: When.at(40))
        try database.record(second, result: .unauthorized(AccountPause(
            account: "brand", reason: "HTTP 401", pausedAt: When.at(41), credentials: nil)), now: When.at(41))
        try database.recordEvent(at: When.at(42), postID: "p9", account: "brand,ceo", event: "rejected",
                                 message: "bad.post: line 3: unknown header")
        #expect(try notifications() == [
            ["held", "brand", "p1", "first part"], ["rejected", "ceo", "p1", "first part"],
            ["expired", "brand", "p1", "first part"], ["failed", "news", "p1", "first part"],
            ["paused", "brand", nil, nil], ["rejected", "brand,ceo", "p9", nil],
        ])
        let reasons = try database.rows("SELECT reason FROM notifications ORDER BY id").map { $0["reason"] as String }
        #expect(reasons[3] == "x answered 403" && reasons[4] == "HTTP 401")
    }

    @Test func aMissedPostThatOnMissedFailsIsAFailure() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0), target("ceo", at: 0)]))
        try database.markMissed(targetID: try database.targetID("p1", "brand"), fail: true, now: When.at(30))
        try database.markMissed(targetID: try database.targetID("p1", "ceo"), fail: false, now: When.at(30))
        #expect(try notifications() == [["failed", "brand", "p1", "hello"]])
    }

    @Test func routingMakesOneDeliveryPerWantingEntryAndDropsWhatNobodyWants() throws {
        try database.acceptFixed(makePost("p1", targets: [
            gatedTarget("brand", at: When.at(30), hold: "voice"), gatedTarget("ceo", at: When.at(30), rejection: "x"),
        ]))
        try database.recordEvent(at: When.at(1), postID: "p2", account: nil, event: "rejected", message: "unread")
        let created = try database.routeNotifications(to: [Self.everything, Self.ceoRejections], now: When.at(2))
        #expect(created == 4)
        let deliveries = try database.deliveries()
        #expect(deliveries.map { [$0.target, $0.payload.event.rawValue, $0.payload.account ?? "-"] } == [
            ["all", "held", "brand"], ["all", "rejected", "ceo"], ["ceo-rejections", "rejected", "ceo"],
            ["all", "rejected", "-"],
        ])
        #expect(Set(deliveries.map(\.id)).count == 4)
        #expect(deliveries.allSatisfy { $0.state == .pending && $0.attempts == 0 && $0.nextAttemptAt == When.at(2) })
        // Routed once: routing again creates nothing; with no entry at all, new notifications are dropped.
        #expect(try database.routeNotifications(to: [Self.everything], now: When.at(3)) == 0)
        try database.recordEvent(at: When.at(4), postID: "p3", account: "brand", event: "failed", message: "x")
        #expect(try database.routeNotifications(to: [], now: When.at(5)) == 0)
        #expect(try database.count("notifications") == 3)
        #expect(try !database.hasUnroutedNotifications())
    }

    @Test func deliveriesAreRetriedGivenUpOrAcknowledgedAndSurviveAReopening() throws {
        try database.acceptFixed(makePost("p1", targets: [
            gatedTarget("brand", at: When.at(30), hold: "voice"), gatedTarget("ceo", at: When.at(30), rejection: "x"),
        ]))
        try database.routeNotifications(to: [Self.everything], now: When.at(1))
        let due = try database.dueDeliveries(targets: ["all"], now: When.at(1))
        #expect(due.count == 2)
        #expect(try database.dueDeliveries(targets: ["other"], now: When.at(1)).isEmpty)
        let (held, rejected) = (due[0], due[1])
        try database.recordDeliveryAttempt(held.id, acknowledged: false, error: "webhook answered 500",
                                           retryAt: When.at(3), now: When.at(2))
        try database.recordDeliveryAttempt(rejected.id, acknowledged: true, error: nil, retryAt: nil, now: When.at(2))
        // Acknowledged is final: a late second outcome changes nothing.
        try database.recordDeliveryAttempt(rejected.id, acknowledged: false, error: "late", retryAt: nil,
                                           now: When.at(2.5))
        #expect(try database.dueDeliveries(targets: ["all"], now: When.at(2.9)).isEmpty)
        #expect(try database.nextDeliveryAt(targets: ["all"]) == When.at(3))

        let reopened = try scratch.open()
        let again = try reopened.dueDeliveries(targets: ["all"], now: When.at(3))
        #expect(again.map(\.id) == [held.id])
        #expect(again[0].attempts == 1 && again[0].firstAttemptAt == When.at(2))
        #expect(again[0].lastError == "webhook answered 500")
        #expect(again[0].payload == held.payload)
        try reopened.recordDeliveryAttempt(held.id, acknowledged: false, error: "timeout", retryAt: nil,
                                           now: When.at(4))
        let states = try reopened.deliveries().map { [$0.payload.event.rawValue, $0.state.rawValue] }
        #expect(states == [["held", "failed"], ["rejected", "delivered"]])
        #expect(try reopened.nextDeliveryAt(targets: ["all"]) == nil)
    }

    /// An entry removed by a reload leaves its pending deliveries set aside (out of the pending rows the daemon walks
    /// at every step); the entry back under its name takes them up again.
    @Test func aRemovedEntrysDeliveriesAreSetAsideAndTakenBackWithIt() throws {
        try database.acceptFixed(makePost("p1", targets: [gatedTarget("brand", at: When.at(30), hold: "voice")]))
        try database.routeNotifications(to: [Self.everything], now: When.at(1))
        try database.parkDeliveries(keeping: ["other"])
        #expect(try database.deliveries().map(\.state) == [.parked])
        #expect(try database.rows("SELECT id FROM notify_deliveries WHERE state = 'pending'").isEmpty)
        try database.parkDeliveries(keeping: ["all"])
        #expect(try database.deliveries().map(\.state) == [.pending])
        #expect(try database.dueDeliveries(targets: ["all"], now: When.at(1)).count == 1)
        try database.parkDeliveries(keeping: [])
        #expect(try database.deliveries().map(\.state) == [.parked])
    }

    @Test func aNotificationTheDaemonRecordsItselfIsRecordedOncePerKey() throws {
        for _ in 0..<2 {
            try database.recordNotification(.credentialsExpiring, at: When.at(1), account: "brand",
                                            reason: "brand's credentials expire 2026-11-30 00:00 UTC",
                                            dedupe: "credentials-expiring brand 1796000000")
        }
        #expect(try notifications() == [["credentials-expiring", "brand", nil, nil]])
    }
}
