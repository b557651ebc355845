import Foundation
import HeraldCore
import Testing

@testable import HeraldStore

/// The policy gate's states in the store: held → approved / rejected / expired, and targets rejected by policy
/// while the post's other targets go on. Real SQLite files, fixed instants.
@Suite("Held posts: hold, approve, reject, expire")
struct HeldTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    /// A post held on `brand` at `minutes` (and scheduled on `other` when given).
    private func acceptHeld(_ id: String, at minutes: Double = 30, other: String? = nil) throws {
        var targets = [gatedTarget("brand", at: When.at(minutes), hold: "profanity: \"f**k\"")]
        if let other { targets.append(target(other, at: minutes)) }
        try database.acceptFixed(makePost(id, targets: targets))
    }

    @Test func aHeldTargetIsQueuedAsHeldButNeverDueNorClaimed() throws {
        try acceptHeld("p1")
        let id = try database.targetID("p1", "brand")
        #expect(try database.state(id) == .held)
        let row = try #require(try database.row("SELECT hold_until, held_reason FROM targets WHERE id = ?", [id]))
        #expect(row["hold_until"] == When.at(30).timeIntervalSince1970)
        #expect(row["held_reason"] == "profanity: \"f**k\"")
        #expect(try database.earliestDue().isEmpty)
        #expect(try database.nextDue(account: "brand", now: When.at(60)) == nil)
        #expect(try database.claim(targetID: id, now: When.at(60)) == nil)
        #expect(try database.overdue(before: When.at(600)).isEmpty)
        #expect(try database.queue().map(\.state) == [.held])
        #expect(try database.eventKinds("p1") == ["accepted", "held"])
        #expect(try database.earliestHoldEnd() == When.at(30))
        #expect(try database.heldCount() == 1)
        #expect(try database.queuedCount() == 0)
        // It keeps its slot: the next post is not placed on top of it.
        #expect(try database.occupied(account: "brand", now: When.t0) == [When.at(30)])
    }

    @Test func anIdRefusedByPolicyOrAnApproverIsFreeForACorrectedResubmission() throws {
        // Refused on brand at accept while ceo goes on: the same `Id:` may come back for brand, not for ceo.
        let refused = gatedTarget("brand", at: When.at(30), rejection: "profanity")
        try database.acceptFixed(makePost("p1", targets: [refused, target("ceo", at: 30)], submitterID: "launch"))
        try database.acceptFixed(makePost("p2", targets: [target("brand", at: 40)], submitterID: "launch"))
        let again = try database.acceptAll([makePost("p3", targets: [target("ceo", at: 50)], submitterID: "launch")],
                                           now: When.t0, place: mustNotPlace)
        #expect(again == [.duplicateID(id: "launch", account: "ceo", existingPost: "p1")])
        // Held, then rejected by an approver: free again too.
        let held = gatedTarget("news", at: When.at(30), hold: "voice")
        try database.acceptFixed(makePost("p4", targets: [held], submitterID: "memo"))
        try database.decide(.reject(reason: "no"), targetIDs: [try database.targetID("p4", "news")], by: "carol",
                            uid: 1002, now: When.at(5))
        try database.acceptFixed(makePost("p5", targets: [target("news", at: 60)], submitterID: "memo"))
    }

    @Test func aHeldTargetWithAWindowHoldsUntilTheWindowEnds() throws {
        let held = gatedTarget("brand", notBefore: When.at(10), notAfter: When.at(90), hold: "voice")
        let outcome = try database.accept(makePost("p1", targets: [held]), now: When.t0) { _, _ in When.at(10) }
        #expect(outcome == .accepted(scheduled: [When.at(10)]))
        #expect(try database.earliestHoldEnd() == When.at(90))
    }

    @Test func approvingBeforeItsTimeSchedulesItAtItsTime() throws {
        try acceptHeld("p1")
        let id = try database.targetID("p1", "brand")
        #expect(try database.decide(.approve, targetIDs: [id], by: "carol", uid: 1002, now: When.at(5)) == ["brand"])
        #expect(try database.state(id) == .scheduled)
        #expect(try database.earliestDue() == ["brand": When.at(30)])
        #expect(try database.nextDue(account: "brand", now: When.at(29)) == nil)
        #expect(try database.mustClaim(id, now: When.at(30)).scheduledAt == When.at(30))
        let decision = try #require(try database.row("SELECT * FROM decisions WHERE post_id = 'p1'"))
        #expect(decision["decision"] == "approved")
        #expect(decision["by_user"] == "carol")
        #expect(decision["by_uid"] == 1002)
        #expect(try database.eventKinds("p1") == ["accepted", "held", "approved"])
        #expect(try database.earliestHoldEnd() == nil)
    }

    @Test func approvingAfterItsTimeMakesItDueNow() throws {
        try acceptHeld("p1")
        let id = try database.targetID("p1", "brand")
        try database.decide(.approve, targetIDs: [id], by: "carol", uid: 1002, now: When.at(35))
        #expect(try database.earliestDue() == ["brand": When.at(35)])
    }

    @Test func rejectingEndsItWithTheApproversReason() throws {
        try acceptHeld("p1", other: "ceo")
        let id = try database.targetID("p1", "brand")
        try database.decide(.reject(reason: "off-brand"), targetIDs: [id], by: "carol", uid: 1002, now: When.at(5))
        #expect(try database.state(id) == .rejected)
        #expect(try database.state(try database.targetID("p1", "ceo")) == .scheduled)
        let history = try database.history()
        #expect(history.map(\.state) == [.rejected])
        #expect(history.first?.lastError == "rejected by carol: off-brand")
        #expect(try database.claim(targetID: id, now: When.at(60)) == nil)
        let decision = try #require(try database.row("SELECT * FROM decisions WHERE post_id = 'p1'"))
        #expect(decision["reason"] == "off-brand")
    }

    @Test func anUnapprovedHeldTargetExpiresOnlyOnceItsTimeAndGraceHavePassed() throws {
        try acceptHeld("p1")
        let id = try database.targetID("p1", "brand")
        // Held until 30 min (see acceptHeld): at 40 min with 15 min of grace it is not late yet; at 45 it is.
        #expect(try database.expireHeld(now: When.at(40), maxLateness: 15 * 60).isEmpty)
        #expect(try database.state(id) == .held)
        let expired = try database.expireHeld(now: When.at(45), maxLateness: 15 * 60)
        #expect(expired.map(\.targetID) == [id])
        #expect(expired.map(\.state) == [.expired])
        #expect(try database.state(id) == .expired)
        #expect(try database.queue().isEmpty)
        #expect(try database.history().map(\.state) == [.expired])
        #expect(try database.eventKinds("p1") == ["accepted", "held", "expired"])
        // An approval that comes too late changes nothing.
        #expect(try database.decide(.approve, targetIDs: [id], by: "carol", uid: 1002, now: When.at(46)).isEmpty)
        #expect(try database.state(id) == .expired)
        #expect(try database.count("decisions") == 0)
        #expect(try database.earliestDue().isEmpty)
    }

    /// Issue 16: the store expires at the instant `ApprovalRules` stops approving (`Lateness.isLate`), not a
    /// moment later.
    @Test func aHeldTargetExpiresExactlyWhenItStopsBeingApprovable() throws {
        try acceptHeld("p1")
        let id = try database.targetID("p1", "brand")
        let boundary = When.at(45)  // held until 30 min, 15 min of grace
        let before = boundary.addingTimeInterval(-0.001)
        #expect(try database.expireHeld(now: before, maxLateness: 15 * 60).isEmpty)
        #expect(try database.state(id) == .held)
        let target = ApprovalTarget(account: "brand", state: .held, holdUntil: When.at(30), approvers: ["carol"])
        let carol = Principal(uid: 1002, user: "carol", groups: [])
        #expect(ApprovalRules.decide(by: carol, authorUID: 0, targets: [target], now: before, maxLateness: 15 * 60)
            == [.apply])
        #expect(ApprovalRules.decide(by: carol, authorUID: 0, targets: [target], now: boundary, maxLateness: 15 * 60)
            == [.refused("brand: its time has passed (expired)")])
        #expect(try database.expireHeld(now: boundary, maxLateness: 15 * 60).map(\.targetID) == [id])
    }

    /// A post approved late (inside max_lateness) is due at its approval: the start-up check for missed posts judges
    /// it from `nextAttemptAt`, so a restart just after the approval does not call it missed.
    @Test func aPostApprovedLateIsDueAtItsApproval() throws {
        try acceptHeld("p1")
        let id = try database.targetID("p1", "brand")
        #expect(try database.decide(.approve, targetIDs: [id], by: "carol", uid: 1002, now: When.at(40)) == ["brand"])
        let entry = try #require(try database.overdue(before: When.at(50)).first)
        #expect(entry.scheduledAt == When.at(30) && entry.nextAttemptAt == When.at(40))
        #expect(Lateness.classify(scheduledAt: entry.nextAttemptAt, now: When.at(50), maxLateness: 15 * 60,
                                  policy: .fail) == .onTime)
    }

    @Test func cancellingAHeldPostCancelsIt() throws {
        try acceptHeld("p1")
        #expect(try database.cancel(postID: "p1", now: When.at(1)) == .cancelled(accounts: ["brand"]))
        #expect(try database.state(try database.targetID("p1", "brand")) == .cancelled)
        #expect(try database.expireHeld(now: When.at(600), maxLateness: 0).isEmpty)
    }

    @Test func aTargetRejectedByPolicyIsRecordedButNeverPlacedWhileTheOthersGoOn() throws {
        var post = makePost("p1", targets: [
            gatedTarget("brand", rejection: "profanity: \"sh1t\""), target("ceo"),
        ])
        post.policyHits = [PolicyHit(rule: .profanity, action: .reject, account: "brand", matched: "sh1t", part: 0,
                                     line: 3, column: 7, message: "profanity \"sh1t\" (en: shit)")]
        var placed: [String] = []
        let outcome = try database.accept(post, now: When.t0) { target, _ in
            placed.append(target.account)
            return When.at(20)
        }
        #expect(placed == ["ceo"])
        #expect(outcome == .accepted(scheduled: [When.t0, When.at(20)]))
        let brand = try database.targetID("p1", "brand")
        #expect(try database.state(brand) == .rejected)
        #expect(try database.state(try database.targetID("p1", "ceo")) == .scheduled)
        #expect(try database.history().first?.lastError == "profanity: \"sh1t\"")
        #expect(try database.earliestDue() == ["ceo": When.at(20)])
        #expect(try database.policyHits(postID: "p1") == post.policyHits)
        #expect(try database.occupied(account: "brand", now: When.t0).isEmpty)
    }

    @Test func targetsOfAPostCarryTheAuthorsUID() throws {
        try acceptHeld("p1", other: "ceo")
        let targets = try database.targets(ofPost: "p1")
        #expect(targets.map(\.account) == ["brand", "ceo"])
        #expect(targets.map(\.state) == [.held, .scheduled])
        #expect(targets.allSatisfy { $0.ownerUID == 1000 })
        #expect(targets[0].holdUntil == When.at(30))
        #expect(targets[1].holdUntil == nil)
        #expect(throws: StoreError.noSuchPost("nope")) { try database.targets(ofPost: "nope") }
    }
}
