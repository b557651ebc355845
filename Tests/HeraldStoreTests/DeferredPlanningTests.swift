import Foundation
import HeraldCore
import Testing

@testable import HeraldStore

/// Deferred planning (issue 12): a batch accepted under load waits, provisional, at the end of its window; settling
/// its account later gives exactly the plan an inline re-plan would have given, and hands back what has no room.
@Suite struct DeferredPlanningTests {
    static let context = PlanningTests.context
    static let horizon = PlanningTests.context.planner.horizon

    func posts(_ ids: [String], account: String = "brand") -> [NewPost] {
        ids.map { makePost($0, targets: [target(account)]) }
    }

    func scheduled(_ database: AppDatabase) throws -> [String: Date] {
        Dictionary(uniqueKeysWithValues: try database.queue().map { ($0.postID, $0.scheduledAt) })
    }

    /// A post whose only window lies in the quiet night (02:00–02:20 New York): no instant at all.
    func nightPost(_ id: String, targets extra: [GatedTarget] = []) -> NewPost {
        let night = When.t0.addingTimeInterval(17 * 3_600)
        return makePost(id, targets: [gatedTarget("brand", notBefore: night, notAfter: night.addingTimeInterval(1_200))]
            + extra)
    }

    @Test func aDeferredBatchWaitsAtItsWindowEndThenSettlesExactlyAsInline() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        let deferred = try database.acceptAll(posts(["a", "b", "c"]), now: When.t0, planning: Self.context,
                                              deferPlanning: true, place: mustNotPlace)
        #expect(deferred.deferred == ["brand"])
        #expect(deferred.planningTime == .zero)
        let end = When.t0.addingTimeInterval(Self.horizon)
        #expect(try scheduled(database) == ["a": end, "b": end, "c": end])
        #expect(try database.provisionalAccounts() == ["brand"])
        // Nothing is logged as scheduled until the planner placed it.
        #expect(try database.eventKinds("a") == ["accepted"])

        let outcome = try database.settle(Self.context, accounts: ["brand"], now: When.t0)
        let inlineScratch = try Scratch()
        let inline = try inlineScratch.open()
        _ = try inline.acceptAll(posts(["a", "b", "c"]), now: When.t0, planning: Self.context, place: mustNotPlace)
        #expect(try scheduled(database) == (try scheduled(inline)))
        #expect(outcome.placed.map(\.postID) == ["a", "b", "c"] && outcome.placed.allSatisfy { $0.from == nil })
        #expect(outcome.moved.isEmpty && outcome.withdrawn.isEmpty && outcome.failed.isEmpty)
        #expect(try database.provisionalAccounts().isEmpty)
        #expect(try database.eventKinds("a") == ["accepted", "scheduled"])
    }

    @Test func settlingTwiceChangesNothingTheSecondTime() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        _ = try database.acceptAll(posts(["a", "b"]), now: When.t0, planning: Self.context, deferPlanning: true,
                                   place: mustNotPlace)
        _ = try database.settle(Self.context, accounts: ["brand"], now: When.t0)
        #expect(try database.settle(Self.context, accounts: ["brand"], now: When.t0).isEmpty)
    }

    @Test func aDeferredPostWithNoRoomIsHandedBackWithItsFile() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        let night = nightPost("x")
        _ = try database.acceptAll(posts(["a"]) + [night], now: When.t0, planning: Self.context,
                                   deferPlanning: true, place: mustNotPlace)
        let outcome = try database.settle(Self.context, accounts: ["brand"], now: When.t0)
        #expect(outcome.withdrawn == [WithdrawnPost(postID: "x", account: "brand", fileName: "x.post",
                                                    content: night.content, accounts: ["brand"])])
        #expect(try database.eventKinds("x").isEmpty)
        #expect(try database.count("posts") == 1)
        #expect(try scheduled(database).keys.sorted() == ["a"])
        #expect(outcome.placed.map(\.postID) == ["a"])
        #expect(try database.provisionalAccounts().isEmpty)
    }

    @Test func aPostAlreadyPublishedElsewhereFailsOnlyTheTargetWithNoRoom() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        let post = nightPost("x", targets: [target("other", at: 0)])
        _ = try database.acceptAll([post], now: When.t0, planning: Self.context, deferPlanning: true,
                                   place: mustNotPlace)
        let other = try database.targetID("x", "other")
        let claim = try database.mustClaim(other, now: When.t0)
        try database.record(claim, result: .published(remoteID: "1"), now: When.t0)
        let outcome = try database.settle(Self.context, accounts: ["brand"], now: When.t0)
        #expect(outcome.withdrawn.isEmpty)
        #expect(outcome.failed.map(\.postID) == ["x"] && outcome.failed.map(\.account) == ["brand"])
        #expect(try database.state(database.targetID("x", "brand")) == .failed)
        #expect(try database.state(other) == .published)
    }

    @Test func anInlineBatchAlsoSettlesTheAccountsEarlierProvisionalPosts() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        _ = try database.acceptAll(posts(["a", "night"]).dropLast() + [nightPost("n")], now: When.t0,
                                   planning: Self.context, deferPlanning: true, place: mustNotPlace)
        let result = try database.acceptAll(posts(["b"]), now: When.t0, planning: Self.context, place: mustNotPlace)
        #expect(result.settled.placed.map(\.postID) == ["a"])
        #expect(result.settled.withdrawn.map(\.postID) == ["n"])
        #expect(result.planningTime > .zero)
        guard case let .accepted(instants) = result.outcomes[0] else {
            Issue.record("b should be accepted: \(result.outcomes[0])")
            return
        }
        #expect(try scheduled(database)["b"] == instants[0])
        #expect(try database.provisionalAccounts().isEmpty)
    }

    @Test func anAccountNoLongerPlannedKeepsItsPostsAtTheirWindowEnd() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        _ = try database.acceptAll(posts(["a"]), now: When.t0, planning: Self.context, deferPlanning: true,
                                   place: mustNotPlace)
        let unplanned = PlanningContext(planner: Self.context.planner, accounts: [])
        #expect(try database.settle(unplanned, accounts: ["brand"], now: When.t0).isEmpty)
        #expect(try database.provisionalAccounts().isEmpty)
        #expect(try scheduled(database)["a"] == When.t0.addingTimeInterval(Self.horizon))
    }

    @Test func aReplanFromTheCLIPlacesProvisionalPostsButLeavesThoseWithNoRoomToTheDaemon() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        _ = try database.acceptAll(posts(["a"]) + [nightPost("n")], now: When.t0, planning: Self.context,
                                   deferPlanning: true, place: mustNotPlace)
        _ = try database.replan(Self.context, now: When.t0)
        #expect(try scheduled(database)["a"] != When.t0.addingTimeInterval(Self.horizon))
        #expect(try database.provisionalAccounts() == ["brand"])
        #expect(try database.settle(Self.context, accounts: ["brand"], now: When.t0).withdrawn.map(\.postID) == ["n"])
    }
}
