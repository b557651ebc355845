import Foundation
import GRDB
import Testing

@testable import HeraldStore

/// An account whose credentials the network refused (issue 13): the attempt does not count, the post waits as if
/// never tried, and the pause is kept until the daemon resumes the account.
@Suite("Paused accounts")
struct PauseTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    func pause(at minutes: Double = 1, credentials: String? = "digest-1") -> AccountPause {
        AccountPause(account: "brand", reason: "HTTP 401", pausedAt: When.at(minutes), credentials: credentials)
    }

    @Test func aRefusedAttemptLeavesThePostAsIfNeverTriedAndPausesTheAccount() throws {
        try database.acceptFixed(makePost("p1", parts: ["one", "two"], targets: [target("brand", at: 0)]))
        let targetID = try database.targetID("p1", "brand")
        let claim = try database.mustClaim(targetID, now: When.at(0.5))
        try database.record(claim, result: .unauthorized(pause()), now: When.at(1))

        let attempt = try #require(try database.row("SELECT * FROM attempts WHERE id = ?", [claim.attemptID]))
        #expect(attempt["outcome"] == "unauthorized")
        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [targetID]))
        #expect(row["state"] == "scheduled")
        #expect(row["attempts"] == 0)
        #expect((row["first_attempt_at"] as Double?) == nil)
        #expect(row["next_attempt_at"] == When.at(0).timeIntervalSince1970)
        #expect(row["last_error"] == "account paused: HTTP 401")
        #expect(try database.inFlight().isEmpty)
        #expect(try database.pauses() == ["brand": pause()])
        // Never tried, so still `on_missed`'s to judge once late; the next claim reuses the status number.
        #expect(try database.overdue(before: When.at(20)).map(\.postID) == ["p1"])
        #expect(try database.mustClaim(targetID, now: When.at(2)).seq == claim.seq)
    }

    @Test func aRetriedPostKeepsItsEarlierAttemptsAndTheirStart() throws {
        try database.acceptFixed(makePost("p1", parts: ["one"], targets: [target("brand", at: 0)]))
        let targetID = try database.targetID("p1", "brand")
        let first = try database.mustClaim(targetID, now: When.at(0))
        try database.record(first, result: .temporary(reason: "HTTP 503", retryAt: When.at(1)), now: When.at(0.1))
        let second = try database.mustClaim(targetID, now: When.at(1))
        try database.record(second, result: .unauthorized(pause(at: 1.1)), now: When.at(1.1))
        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [targetID]))
        #expect(row["attempts"] == 1)
        #expect(row["first_attempt_at"] == When.at(0).timeIntervalSince1970)
    }

    @Test func resumingForgetsThePauseAndAPauseIsKeptOncePerAccount() throws {
        try database.acceptFixed(makePost("p1", parts: ["one"], targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("p2", parts: ["two"], targets: [target("brand", at: 1)]))
        let one = try database.mustClaim(try database.targetID("p1", "brand"), now: When.at(0))
        try database.record(one, result: .unauthorized(pause(at: 0)), now: When.at(0))
        let two = try database.mustClaim(try database.targetID("p2", "brand"), now: When.at(1))
        try database.record(two, result: .unauthorized(pause(at: 1, credentials: "digest-2")), now: When.at(1))
        #expect(try database.pauses() == ["brand": pause(at: 1, credentials: "digest-2")])
        try database.resume(account: "brand")
        #expect(try database.pauses().isEmpty)
        try database.resume(account: "brand")  // not paused: nothing to do
    }

    @Test func thePausedAccountsWaitingPostsAreFoundByTheirWindow() throws {
        for (index, minutes) in [0.0, 10, 20, 30].enumerated() {
            try database.acceptFixed(makePost("b\(index)", parts: ["b"], targets: [target("brand", at: minutes)]))
            try database.acceptFixed(makePost("o\(index)", parts: ["o"], targets: [target("other", at: minutes)]))
        }
        let window = try database.overdue(after: When.at(0), through: When.at(20), accounts: ["brand"])
        #expect(window.map(\.postID) == ["b1", "b2"])
        #expect(try database.overdue(after: When.at(0), through: When.at(20), accounts: []).isEmpty)
        #expect(try database.earliestWaiting(after: When.at(10), accounts: ["brand"]) == When.at(20))
        #expect(try database.earliestWaiting(after: When.at(30), accounts: ["brand"]) == nil)
        #expect(try database.earliestWaiting(after: When.at(5), accounts: ["brand", "other"]) == When.at(10))
    }

    @Test func aPauseResumesOnlyWithOtherCredentials() {
        #expect(!pause(credentials: "a").resumes(withCredentials: "a"))
        #expect(pause(credentials: "a").resumes(withCredentials: "b"))
        #expect(pause(credentials: nil).resumes(withCredentials: nil), "an exec account: any reload")
        #expect(pause(credentials: "a").resumes(withCredentials: nil), "the credentials reference was removed")
    }
}
