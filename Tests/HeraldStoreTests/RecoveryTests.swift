import Foundation
import Testing

@testable import HeraldStore

@Suite("Resuming after a crash")
struct RecoveryTests {
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    @Test func inFlightAfterACrashReturnsExactlyTheClaimsThatWereMade() throws {
        var claims: [Claim] = []
        do {
            let daemon = try scratch.open()
            try daemon.acceptFixed(
                makePost("thread", parts: ["one", "two"], targets: [target("brand", at: 0)], author: "team",
                         kind: .post, language: "en", inReplyTo: "parent")
            )
            try daemon.acceptFixed(
                makePost("retried", targets: [target("ceo", at: 0)], author: nil, language: nil)
            )
            try daemon.acceptFixed(makePost("done", targets: [target("brand", at: 0)]))

            let thread = try daemon.targetID("thread", "brand")
            try daemon.record(try daemon.mustClaim(thread, now: When.at(1)), result: .published(remoteID: "r1"),
                              now: When.at(1))
            let retried = try daemon.targetID("retried", "ceo")
            try daemon.record(try daemon.mustClaim(retried, now: When.at(1)),
                              result: .temporary(reason: "503", retryAt: When.at(2)), now: When.at(1))

            claims.append(try daemon.mustClaim(thread, now: When.at(3)))
            claims.append(try daemon.mustClaim(retried, now: When.at(4)))
            // The process dies here: neither outcome is recorded.
        }
        let restarted = try scratch.open()
        let recovered = try restarted.inFlight()
        #expect(recovered == claims)
        #expect(recovered.map(\.part) == [1, 0])
        #expect(recovered.map(\.inReplyTo) == ["r1", nil])
        #expect(recovered.map(\.previousAttempts) == [1, 1])
        #expect(recovered.map(\.firstAttemptAt) == [When.at(1), When.at(1)])
    }

    @Test func aRecoveredClaimCanBeRecordedLikeTheOriginal() throws {
        do {
            let daemon = try scratch.open()
            try daemon.acceptFixed(makePost("p1", parts: ["a", "b"], targets: [target("brand", at: 0)]))
            _ = try daemon.mustClaim(try daemon.targetID("p1", "brand"), now: When.t0)
        }
        let restarted = try scratch.open()
        let claim = try #require(try restarted.inFlight().first)
        // The outbox file for this seq exists, so the status did go out before the crash.
        try restarted.record(claim, result: .published(remoteID: "r1"), now: When.at(1))
        #expect(try restarted.inFlight().isEmpty)
        let next = try restarted.mustClaim(claim.targetID, now: When.at(1))
        #expect((next.part, next.seq, next.inReplyTo) == (1, 2, "r1"))
    }

    @Test func nothingIsInFlightOnceEveryAttemptIsRecorded() throws {
        let database = try scratch.open()
        #expect(try database.inFlight().isEmpty)
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        let claim = try database.mustClaim(try database.targetID("p1", "brand"), now: When.t0)
        #expect(try database.inFlight() == [claim])
        try database.record(claim, result: .temporary(reason: "503", retryAt: When.at(1)), now: When.t0)
        #expect(try database.inFlight().isEmpty)
    }

    @Test func abandonPutsTheTargetBackToScheduledAtNowWithTheSameSeqAndKey() throws {
        let claim: Claim
        do {
            let daemon = try scratch.open()
            try daemon.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
            claim = try daemon.mustClaim(try daemon.targetID("p1", "brand"), now: When.t0)
        }
        let restarted = try scratch.open()
        let recovered = try #require(try restarted.inFlight().first)
        try restarted.abandon(recovered, reason: "no outbox file: never went out", now: When.at(7))

        let attempt = try #require(try restarted.row("SELECT * FROM attempts WHERE id = ?", [claim.attemptID]))
        #expect(attempt["outcome"] == "abandoned")
        #expect(attempt["detail"] == "no outbox file: never went out")
        #expect(attempt["finished_at"] == When.at(7).timeIntervalSince1970)
        let row = try #require(try restarted.row("SELECT * FROM targets WHERE id = ?", [claim.targetID]))
        #expect(row["state"] == "scheduled")
        #expect(row["next_attempt_at"] == When.at(7).timeIntervalSince1970)
        #expect(row["scheduled_at"] == When.t0.timeIntervalSince1970)
        #expect(try restarted.inFlight().isEmpty)
        #expect(try restarted.nextDue(account: "brand", now: When.at(7)) == claim.targetID)

        let again = try restarted.mustClaim(claim.targetID, now: When.at(7))
        #expect(again.seq == claim.seq)
        #expect(again.idempotencyKey == claim.idempotencyKey)
        #expect(again.previousAttempts == 1)
        #expect(again.firstAttemptAt == When.t0)
    }

    @Test func abandonLeavesATargetThatIsNoLongerPublishingAlone() throws {
        let database = try scratch.open()
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        let claim = try database.mustClaim(try database.targetID("p1", "brand"), now: When.t0)
        try database.record(claim, result: .published(remoteID: "r1"), now: When.at(1))
        try database.abandon(claim, reason: "late", now: When.at(2))
        #expect(try database.state(claim.targetID) == .published)
    }
}
