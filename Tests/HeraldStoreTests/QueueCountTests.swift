import Foundation
import HeraldCore
import Testing

@testable import HeraldStore

/// What the daemon reads after every event (issue 12): the counts the triggers keep and the due summary, checked
/// against the queue itself.
@Suite struct QueueCountTests {
    func counted(_ database: AppDatabase) throws -> (queued: Int, held: Int) {
        let queued = try database.row("SELECT COUNT(*) AS n FROM targets WHERE state IN ('scheduled', 'publishing')")
        let held = try database.row("SELECT COUNT(*) AS n FROM targets WHERE state = 'held'")
        return (queued?["n"] ?? 0, held?["n"] ?? 0)
    }

    @Test func theKeptCountsFollowInsertsStateChangesAndDeletes() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        func check() throws {
            let (queued, held) = try counted(database)
            #expect(try database.queuedCount() == queued)
            #expect(try database.heldCount() == held)
        }
        try check()
        _ = try database.acceptFixed(makePost("a", targets: [target("brand", at: 0), target("ceo", at: 5)]))
        _ = try database.acceptFixed(makePost("b", targets: [target("brand", at: 10)]))
        _ = try database.acceptAll([makePost("h", targets: [gatedTarget("brand", at: When.at(20), hold: "voice")])],
                                   now: When.t0, place: mustNotPlace)
        try check()
        #expect(try database.queuedCount() == 3 && database.heldCount() == 1)
        let claim = try database.mustClaim(try database.targetID("a", "brand"), now: When.t0)
        try check()
        try database.record(claim, result: .published(remoteID: "1"), now: When.t0)
        _ = try database.cancel(postID: "b", now: When.t0)
        _ = try database.decide(.approve, targetIDs: [try database.targetID("h", "brand")], by: "carol", uid: 1,
                            now: When.t0, planning: nil)
        try check()
        #expect(try database.queuedCount() == 2 && database.heldCount() == 0)
        try database.transaction { db in try database.withdraw(db, postID: "h") }
        try check()
    }

    @Test func theDueSummaryHoldsWhatTheSchedulerActsOn() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        _ = try database.acceptFixed(makePost("a", targets: [target("brand", at: 0), target("ceo", at: 30)]))
        _ = try database.acceptFixed(makePost("b", targets: [target("brand", at: 5), target("help", at: 40)]))
        _ = try database.acceptFixed(makePost("c", targets: [target("gone", at: 1), target("help", at: 2)]))
        let all: Set<String> = ["brand", "ceo", "help"]
        let summary = try database.dueSummary(now: When.at(3), accounts: all, busy: [])
        // Due now: brand (0) and help (2); the soonest idle one after: brand's 5 is brand's (due already), so ceo.
        #expect(summary.due == ["brand": When.at(0), "help": When.at(2), "ceo": When.at(30)])
        #expect(summary.next?.account == "brand" && summary.next?.at == When.at(0))
        // Nothing due; ceo busy: the soonest idle account is help.
        let later = try database.dueSummary(now: When.at(-10), accounts: all, busy: ["brand"])
        #expect(later.due == ["help": When.at(2)])
        #expect(later.next?.account == "brand" && later.next?.at == When.at(0))
        // An account no longer configured is never dispatched nor shown.
        #expect(try database.dueSummary(now: When.at(100), accounts: ["ceo"], busy: []).due == ["ceo": When.at(30)])
        // The summary agrees with the per-account minimum for every account due now.
        let full = try database.earliestDue()
        for (account, at) in summary.due where at <= When.at(3) { #expect(full[account] == at) }
    }
}
