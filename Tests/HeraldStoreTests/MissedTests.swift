import Foundation
import Testing

@testable import HeraldStore

@Suite("Posts that missed their time")
struct MissedTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    @Test func overdueListsScheduledTargetsNeverAttemptedBeforeTheGivenInstantSoonestFirst() throws {
        try database.acceptFixed(makePost("second", targets: [target("brand", at: 20)]))
        try database.acceptFixed(makePost("first", targets: [target("ceo", at: 10)]))
        try database.acceptFixed(makePost("exactly", targets: [target("brand", at: 30)]))
        try database.acceptFixed(makePost("future", targets: [target("brand", at: 40)]))
        let overdue = try database.overdue(before: When.at(30))
        #expect(overdue.map(\.postID) == ["first", "second"])
        #expect(overdue.map(\.account) == ["ceo", "brand"])
        #expect(overdue.map(\.scheduledAt) == [When.at(10), When.at(20)])
    }

    @Test func overdueLeavesOutRetriesStartedThreadsAndTargetsNotWaiting() throws {
        try database.acceptFixed(makePost("retrying", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("thread", parts: ["a", "b"], targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("inflight", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("cancelled", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("missed", targets: [target("brand", at: 0)]))

        let retrying = try database.mustClaim(try database.targetID("retrying", "brand"), now: When.t0)
        try database.record(retrying, result: .temporary(reason: "503", retryAt: When.at(1)), now: When.t0)
        let thread = try database.mustClaim(try database.targetID("thread", "brand"), now: When.t0)
        try database.record(thread, result: .published(remoteID: "r1"), now: When.t0)
        _ = try database.mustClaim(try database.targetID("inflight", "brand"), now: When.t0)
        _ = try database.cancel(postID: "cancelled", now: When.t0)

        #expect(try database.overdue(before: When.at(60)).map(\.postID) == ["missed"])
    }

    @Test func rescheduleMissedMovesTheTargetToThePlacedInstantAndLogsMissed() throws {
        try database.acceptFixed(makePost("missed", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("taken", targets: [target("brand", at: 90)]))
        try database.acceptFixed(makePost("elsewhere", targets: [target("ceo", at: 75)]))
        let id = try database.targetID("missed", "brand")

        var seen: [[Date]] = []
        let instant = try database.rescheduleMissed(targetID: id, now: When.at(60)) { occupied in
            seen.append(occupied)
            return When.at(120)
        }
        #expect(instant == When.at(120))
        #expect(seen == [[When.at(90)]])  // its own old instant and other accounts left out
        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [id]))
        #expect(row["state"] == "scheduled")
        #expect(row["scheduled_at"] == When.at(120).timeIntervalSince1970)
        #expect(row["next_attempt_at"] == When.at(120).timeIntervalSince1970)
        #expect(try database.events(postID: "missed").last == EventRecord(
            at: When.at(60), postID: "missed", account: "brand", event: "missed",
            message: "missed 2026-11-23T14:00:00Z; rescheduled for 2026-11-23T16:00:00Z"
        ))
        #expect(try database.overdue(before: When.at(60)).isEmpty)
        #expect(try database.queue().map(\.postID) == ["elsewhere", "taken", "missed"])
        #expect(try database.earliestDue()["brand"] == When.at(90))
    }

    @Test func rescheduleMissedStillSeesAnotherTargetAtTheSameInstant() throws {
        try database.acceptFixed(makePost("published", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("missed", targets: [target("brand", at: 0)]))
        let published = try database.mustClaim(try database.targetID("published", "brand"), now: When.t0)
        try database.record(published, result: .published(remoteID: "r1"), now: When.t0)

        // The daemon died right after publishing the first; the second must keep `min_gap` from it.
        var seen: [Date] = []
        try database.rescheduleMissed(targetID: try database.targetID("missed", "brand"), now: When.at(5)) {
            seen = $0
            return When.at(20)
        }
        #expect(seen == [When.t0])
    }

    @Test func rescheduleMissedWithNoFreeSlotFailsTheTarget() throws {
        try database.acceptFixed(makePost("missed", targets: [target("brand", at: 0)]))
        let id = try database.targetID("missed", "brand")
        let instant = try database.rescheduleMissed(targetID: id, now: When.at(60)) { _ in nil }
        #expect(instant == nil)
        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [id]))
        #expect(row["state"] == "failed")
        #expect(row["last_error"] == "missed its time and no later slot is free")
        #expect(row["finished_at"] == When.at(60).timeIntervalSince1970)
        #expect(try database.events(postID: "missed").last == EventRecord(
            at: When.at(60), postID: "missed", account: "brand", event: "missed",
            message: "missed 2026-11-23T14:00:00Z; missed its time and no later slot is free"
        ))
        #expect(try database.claim(targetID: id, now: When.at(61)) == nil)
    }

    @Test func rescheduleMissedLeavesATargetThatIsNoLongerScheduledAlone() throws {
        try database.acceptFixed(makePost("cancelled", targets: [target("brand", at: 0)]))
        _ = try database.cancel(postID: "cancelled", now: When.t0)
        let before = try database.tableCounts()
        let instant = try database.rescheduleMissed(
            targetID: try database.targetID("cancelled", "brand"), now: When.at(60)
        ) { _ in
            Issue.record("place must not be called for a cancelled target")
            return When.at(120)
        }
        #expect(instant == nil)
        #expect(try database.state(try database.targetID("cancelled", "brand")) == .cancelled)
        #expect(try database.tableCounts() == before)
    }

    @Test func markMissedWithFailFailsTheTargetForGood() throws {
        try database.acceptFixed(makePost("missed", targets: [target("brand", at: 0)]))
        let id = try database.targetID("missed", "brand")
        try database.markMissed(targetID: id, fail: true, now: When.at(60))
        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [id]))
        #expect(row["state"] == "failed")
        #expect(row["last_error"] == "missed its time (on_missed = fail)")
        #expect(try database.events(postID: "missed").last?.message
            == "missed 2026-11-23T14:00:00Z; missed its time (on_missed = fail)")
        #expect(try database.eventKinds("missed").last == "missed")
        #expect(try database.history().first?.state == .failed)
        #expect(try database.claim(targetID: id, now: When.at(61)) == nil)
    }

    @Test func markMissedWithoutFailOnlyLogsAndTheTargetIsPublishedLate() throws {
        try database.acceptFixed(makePost("missed", targets: [target("brand", at: 0)]))
        let id = try database.targetID("missed", "brand")
        try database.markMissed(targetID: id, fail: false, now: When.at(60))
        #expect(try database.state(id) == .scheduled)
        #expect(try database.events(postID: "missed").last == EventRecord(
            at: When.at(60), postID: "missed", account: "brand", event: "missed",
            message: "missed 2026-11-23T14:00:00Z; publishing late"
        ))
        let claim = try database.mustClaim(id, now: When.at(60))
        #expect(claim.scheduledAt == When.t0)
    }

    @Test func markMissedIgnoresATargetThatIsNoLongerScheduled() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        let id = try database.targetID("p1", "brand")
        _ = try database.mustClaim(id, now: When.t0)
        let before = try database.tableCounts()
        try database.markMissed(targetID: id, fail: true, now: When.at(60))
        #expect(try database.state(id) == .publishing)
        #expect(try database.tableCounts() == before)
    }
}
