import Foundation
import Testing

@testable import HeraldStore

@Suite("Finding what is due")
struct DueTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    @Test func earliestDueIsEmptyWithNothingScheduled() throws {
        #expect(try database.earliestDue().isEmpty)
    }

    @Test func earliestDueGivesEachAccountItsSoonestScheduledTarget() throws {
        try database.acceptFixed(makePost("b1", targets: [target("brand", at: 30)]))
        try database.acceptFixed(makePost("b2", targets: [target("brand", at: 10)]))
        try database.acceptFixed(makePost("c1", targets: [target("ceo", at: 50), target("help", at: 70)]))
        try database.acceptFixed(makePost("c2", targets: [target("ceo", at: 40)]))
        #expect(try database.earliestDue() == ["brand": When.at(10), "ceo": When.at(40), "help": When.at(70)])
    }

    @Test func earliestDueIgnoresTargetsInFlightCancelledOrFinished() throws {
        try database.acceptFixed(makePost("inflight", targets: [target("brand", at: 1)]))
        try database.acceptFixed(makePost("cancelled", targets: [target("brand", at: 2)]))
        try database.acceptFixed(makePost("published", targets: [target("ceo", at: 3)]))
        try database.acceptFixed(makePost("waiting", targets: [target("brand", at: 20)]))
        _ = try database.mustClaim(try database.targetID("inflight", "brand"), now: When.at(1))
        _ = try database.cancel(postID: "cancelled", now: When.at(1))
        let claim = try database.mustClaim(try database.targetID("published", "ceo"), now: When.at(3))
        try database.record(claim, result: .published(remoteID: "r"), now: When.at(3))
        #expect(try database.earliestDue() == ["brand": When.at(20)])
    }

    @Test func earliestDueFollowsARetryTime() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        let claim = try database.mustClaim(try database.targetID("p1", "brand"), now: When.at(10))
        try database.record(claim, result: .temporary(reason: "503", retryAt: When.at(15)), now: When.at(10))
        #expect(try database.earliestDue() == ["brand": When.at(15)])
    }

    @Test func nextDueExcludesTargetsNotYetDueAndIncludesOnesDueExactlyNow() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        let id = try database.targetID("p1", "brand")
        #expect(try database.nextDue(account: "brand", now: When.at(9)) == nil)
        #expect(try database.nextDue(account: "brand", now: When.at(10).addingTimeInterval(-0.001)) == nil)
        #expect(try database.nextDue(account: "brand", now: When.at(10)) == id)
        #expect(try database.nextDue(account: "brand", now: When.at(11)) == id)
    }

    @Test func nextDueOnlyLooksAtTheGivenAccount() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        #expect(try database.nextDue(account: "ceo", now: When.at(60)) == nil)
        #expect(try database.nextDue(account: "brand", now: When.at(60)) == database.targetID("p1", "brand"))
    }

    @Test func nextDueOrdersByDueTimeThenByAcceptance() throws {
        try database.acceptFixed(makePost("later", targets: [target("brand", at: 20)]))
        try database.acceptFixed(makePost("tie-first", targets: [target("brand", at: 10)]))
        try database.acceptFixed(makePost("tie-second", targets: [target("brand", at: 10)]))
        let now = When.at(30)
        var order: [String] = []
        while let id = try database.nextDue(account: "brand", now: now) {
            let claim = try database.mustClaim(id, now: now)
            order.append(claim.postID)
            try database.record(claim, result: .published(remoteID: "r-\(claim.postID)"), now: now)
        }
        #expect(order == ["tie-first", "tie-second", "later"])
    }

    @Test func aStartedThreadGoesBeforeAnythingElseDue() throws {
        try database.acceptFixed(makePost("thread", parts: ["1/3", "2/3", "3/3"], targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("single", targets: [target("brand", at: 5)]))
        let threadID = try database.targetID("thread", "brand")
        let first = try database.mustClaim(threadID, now: When.at(0))
        // Part 1 went out late, after the single post was due: the rest of the thread still goes first.
        try database.record(first, result: .published(remoteID: "t1"), now: When.at(10))
        #expect(try database.nextDue(account: "brand", now: When.at(10)) == threadID)
    }

    @Test func aStartedThreadWaitingForARetryDoesNotBlockOtherDuePosts() throws {
        try database.acceptFixed(makePost("thread", parts: ["1/2", "2/2"], targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("single", targets: [target("brand", at: 5)]))
        let threadID = try database.targetID("thread", "brand")
        let first = try database.mustClaim(threadID, now: When.at(0))
        try database.record(first, result: .published(remoteID: "t1"), now: When.at(0))
        let second = try database.mustClaim(threadID, now: When.at(0))
        try database.record(second, result: .temporary(reason: "429", retryAt: When.at(30)), now: When.at(0))
        #expect(try database.nextDue(account: "brand", now: When.at(10)) == database.targetID("single", "brand"))
        #expect(try database.nextDue(account: "brand", now: When.at(30)) == threadID)
    }

    @Test func nextDueSkipsTargetsThatAreNotScheduled() throws {
        try database.acceptFixed(makePost("inflight", targets: [target("brand", at: 1)]))
        try database.acceptFixed(makePost("cancelled", targets: [target("brand", at: 2)]))
        _ = try database.mustClaim(try database.targetID("inflight", "brand"), now: When.at(1))
        _ = try database.cancel(postID: "cancelled", now: When.at(1))
        #expect(try database.nextDue(account: "brand", now: When.at(60)) == nil)
    }
}
