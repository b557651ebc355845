import Foundation
import HeraldCore
import Testing

@testable import HeraldStore

/// The planner inside the store: new posts planned together with the waiting ones in the accept transaction,
/// re-plans, withdrawals when there is no room, and learned curves.
@Suite struct PlanningTests {
    /// An account in New York planned for a two-coast audience, with a gap and quiet nights.
    static let account = Account(
        name: "brand", timeZone: TimeZone(identifier: "America/New_York")!, minGap: 3_600, maxPerDay: 3,
        quiet: [QuietRange(start: ClockTime(hour: 23, minute: 0), end: ClockTime(hour: 7, minute: 0))],
        audience: "coasts"
    )
    static let audience = try! Audience(name: "coasts", weights: ["America/New_York": 0.6,
                                                                  "America/Los_Angeles": 0.4])
    static let context = PlanningContext(
        planner: Planner(horizon: 2 * 86_400, freeze: 3_600),
        accounts: [PlanningAccount(account: account, audience: audience)]
    )

    func accept(_ database: AppDatabase, _ ids: [String], now: Date = When.t0) throws -> AcceptResult {
        try database.acceptAll(ids.map { makePost($0, targets: [target("brand")]) }, now: now,
                               planning: Self.context, place: mustNotPlace)
    }

    func scheduled(_ database: AppDatabase) throws -> [String: Date] {
        Dictionary(uniqueKeysWithValues: try database.queue().map { ($0.postID, $0.scheduledAt) })
    }

    @Test func aBatchIsPlacedExactlyAsThePlannerPlacesIt() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        let result = try accept(database, ["a", "b", "c"])
        let expected = Self.context.planner.plan(
            posts: ["a", "b", "c"].map { PlanRequest(postID: $0, account: "brand") },
            accounts: Self.context.accounts, fixed: [], now: When.t0
        )
        let instants = result.outcomes.map { outcome -> Date? in
            if case let .accepted(scheduled) = outcome { scheduled[0] } else { nil }
        }
        #expect(instants == expected.map(\.at))
        #expect(try scheduled(database) == Dictionary(uniqueKeysWithValues: expected.map { ($0.postID, $0.at!) }))
        #expect(result.moved.isEmpty)
        // The planner's `scheduled` event names the time and the reach; no provisional time was ever logged.
        let messages = try database.events(postID: "a").filter { $0.event == "scheduled" }.map(\.message)
        #expect(messages.count == 1)
        #expect(messages[0].contains(RFC3339.string(from: expected[0].at!)) && messages[0].contains("reach"))
    }

    @Test func postsArrivingOneByOneEndWhereABatchWouldHaveGone() throws {
        let scratch = try Scratch()
        let oneByOne = try scratch.open()
        var moved: [PlanChange] = []
        for id in ["a", "b", "c", "d"] { moved += try accept(oneByOne, [id]).moved }
        let other = try Scratch()
        let batch = try other.open()
        _ = try accept(batch, ["a", "b", "c", "d"])
        #expect(Set(try scheduled(oneByOne).values) == Set(try scheduled(batch).values))
        // Later arrivals displaced earlier ones (same-reach ties otherwise keep everyone in place).
        for change in moved { #expect(change.from != nil && change.from != change.to) }
    }

    @Test func cancellingAPostLetsTheOthersMoveToTheFreedInstant() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        _ = try accept(database, ["a", "b", "c", "d", "e", "f", "g"])
        let before = try scheduled(database)
        let best = try #require(before.min { $0.value < $1.value })
        // Cancel the earliest planned post; the plan for the rest must equal a fresh plan without it.
        _ = try database.cancel(postID: best.key, now: When.t0)
        let changes = try database.replan(Self.context, now: When.t0)
        let after = try scheduled(database)
        let rest = before.keys.filter { $0 != best.key }.sorted()
        let fresh = Self.context.planner.plan(
            posts: rest.map { PlanRequest(postID: $0, account: "brand") }, accounts: Self.context.accounts,
            fixed: [], now: When.t0
        )
        #expect(Set(after.filter { $0.key != best.key }.values) == Set(fresh.compactMap(\.at)))
        #expect(!changes.isEmpty)
        for change in changes { #expect(after[change.postID] == change.to) }
    }

    @Test func postsDueWithinTheFreezeAreNotMoved() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        _ = try accept(database, ["a", "b"])
        let first = try #require(try scheduled(database).values.min())
        // Half an hour before the first post is due, a re-plan at that moment must keep it.
        let late = first.addingTimeInterval(-1_800)
        _ = try database.replan(Self.context, now: late)
        #expect(try scheduled(database).values.contains(first))
    }

    @Test func theDefaultWindowEndsAHorizonAfterArrivalNotAfterEachReplan() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        _ = try accept(database, ["a"])
        let notBefore = When.at(600)
        _ = try database.acceptAll([makePost("b", targets: [gatedTarget("brand", notBefore: notBefore)]),
                                    makePost("c", targets: [gatedTarget("brand", notAfter: When.at(90))])],
                                   now: When.t0, planning: Self.context, place: mustNotPlace)
        // A day later, the windows are still anchored where the posts arrived: a re-plan cannot push them later
        // and later for ever.
        let inputs = try database.planningInputs(Self.context, now: When.at(1_440))
        let ends = Dictionary(uniqueKeysWithValues: inputs.requests.map { ($0.postID, $0.notAfter) })
        #expect(ends["a"] == When.t0.addingTimeInterval(Self.context.planner.horizon))
        #expect(ends["b"] == notBefore.addingTimeInterval(Self.context.planner.horizon))
        #expect(ends["c"] == When.at(90))
    }

    @Test func aHeldPostWaitsAtItsWindowEndAndIsPlannedWhenApproved() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        let held = gatedTarget("brand", hold: "voice")
        _ = try database.acceptAll([makePost("h", targets: [held])], now: When.t0, planning: Self.context,
                                   place: mustNotPlace)
        let id = try database.targetID("h", "brand")
        // Not planned while held (and not in anyone's way): it sits at the end of its window.
        #expect(try database.queue().first?.scheduledAt == When.t0.addingTimeInterval(Self.context.planner.horizon))
        try database.decide(.approve, targetIDs: [id], by: "carol", uid: 1002, now: When.at(10),
                            planning: Self.context)
        let alone = Self.context.planner.plan(posts: [PlanRequest(postID: "h", account: "brand")],
                                              accounts: Self.context.accounts, fixed: [], now: When.at(10))
        #expect(try database.nextAttempt(targetID: id) == alone[0].at)
    }

    @Test func aPostWithNoRoomIsWithdrawnAndTheRestStays() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        // A window of 20 minutes inside the quiet night: no instant at all.
        let night = When.t0.addingTimeInterval(17 * 3_600)  // 02:00 New York
        var post = makePost("x", targets: [gatedTarget("brand", notBefore: night,
                                                          notAfter: night.addingTimeInterval(1_200))])
        post.spoolKey = "key-x"
        let before = try database.tableCounts()
        let result = try database.acceptAll([makePost("a", targets: [target("brand")]), post], now: When.t0,
                                            planning: Self.context, place: mustNotPlace)
        #expect(result.outcomes[1] == .noRoom(account: "brand"))
        guard case .accepted = result.outcomes[0] else {
            Issue.record("a should be accepted: \(result.outcomes[0])")
            return
        }
        #expect(try database.eventKinds("x").isEmpty)
        #expect(try database.count("posts") == before["posts"]! + 1)
        #expect(try scheduled(database)["x"] == nil)
    }

    @Test func fixedPostsAreWorkedAround() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        let free = try accept(database, ["probe"])
        guard case let .accepted(scheduled) = free.outcomes[0] else { return }
        _ = try database.cancel(postID: "probe", now: When.t0)
        // An explicit At: at the best instant: the planned post must keep min_gap from it.
        let fixedMinutes = scheduled[0].timeIntervalSince(When.t0) / 60
        try database.acceptFixed(makePost("fixed", targets: [target("brand", at: fixedMinutes)]))
        _ = try accept(database, ["p"])
        let placed = try #require(try self.scheduled(database)["p"])
        #expect(abs(placed.timeIntervalSince(scheduled[0])) >= 3_600)
    }

    @Test func learnedCurvesAreStoredReplacedAndReset() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        #expect(try database.learnedCurves() == LearnedCurves())
        var values = [Double](repeating: 0.1, count: ActivityCurve.count)
        values[40] = 1
        let curve = try ActivityCurve(values: values)
        try database.saveLearnedCurve(account: "brand", curve: curve, posts: 12, now: When.t0)
        try database.saveLearnedCurve(account: "brand", curve: curve, posts: 13, now: When.t0)
        #expect(try database.learnedCurves() == LearnedCurves(curves: ["brand": curve]))
        // A second process sees it, and the planning context uses it in place of the audience.
        var config = HeraldConfiguration(accounts: [Self.account])
        config.audiences = [Self.audience]
        let context = try scratch.open().planningContext(config)
        #expect(context.accounts.first?.audience.zones.map(\.curve) == [curve])
        #expect(try database.resetLearnedCurve(account: "brand"))
        #expect(try !database.resetLearnedCurve(account: "brand"))
        #expect(try database.planningContext(config).accounts.first?.audience == Self.audience)
    }
}
