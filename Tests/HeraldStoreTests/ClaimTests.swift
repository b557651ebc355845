import Foundation
import Testing

@testable import HeraldStore

@Suite("Claiming a part for publishing")
struct ClaimTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    @Test func claimRecordsAnAttemptInFlightAndMarksTheTargetPublishing() throws {
        try database.acceptFixed(
            makePost("p1", parts: ["hello world"], targets: [target("brand", at: 10)], author: "alice",
                     kind: .support, language: "nb", inReplyTo: "remote-1")
        )
        let id = try database.targetID("p1", "brand")
        let claim = try database.mustClaim(id, now: When.at(11))
        let attemptID = try #require(try database.row("SELECT id FROM attempts"))["id"] as Int64
        #expect(claim == Claim(
            attemptID: attemptID, targetID: id, postID: "p1", account: "brand", part: 0, partCount: 1, seq: 1,
            idempotencyKey: "p1.brand.0", text: "hello world", inReplyTo: "remote-1", scheduledAt: When.at(10),
            author: "alice", language: "nb", kind: .support, previousAttempts: 0, firstAttemptAt: When.at(11),
            startedAt: When.at(11)
        ))

        let attempt = try #require(try database.row("SELECT * FROM attempts WHERE id = ?", [attemptID]))
        #expect(attempt["target_id"] == id)
        #expect(attempt["part"] == 0)
        #expect(attempt["seq"] == 1)
        #expect(attempt["idempotency_key"] == "p1.brand.0")
        #expect(attempt["started_at"] == When.at(11).timeIntervalSince1970)
        #expect((attempt["outcome"] as String?) == nil)
        #expect((attempt["finished_at"] as Double?) == nil)

        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [id]))
        #expect(row["state"] == "publishing")
        #expect(row["attempts"] == 1)
        #expect(row["first_attempt_at"] == When.at(11).timeIntervalSince1970)
        #expect(row["parts_done"] == 0)
        #expect(try database.count("statuses") == 0)
    }

    @Test func claimOfAnUnknownTargetIsNil() throws {
        #expect(try database.claim(targetID: 42, now: When.t0) == nil)
        #expect(try database.count("attempts") == 0)
    }

    @Test func aTargetInFlightCannotBeClaimedTwice() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        let id = try database.targetID("p1", "brand")
        _ = try database.mustClaim(id, now: When.t0)
        #expect(try database.claim(targetID: id, now: When.t0) == nil)
        #expect(try database.count("attempts") == 1)
    }

    @Test func cancelledPublishedAndFailedTargetsCannotBeClaimed() throws {
        try database.acceptFixed(makePost("cancelled", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("published", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("failed", targets: [target("brand", at: 0)]))
        _ = try database.cancel(postID: "cancelled", now: When.t0)
        let published = try database.mustClaim(try database.targetID("published", "brand"), now: When.t0)
        try database.record(published, result: .published(remoteID: "r1"), now: When.t0)
        let failed = try database.mustClaim(try database.targetID("failed", "brand"), now: When.t0)
        try database.record(failed, result: .permanent(reason: "forbidden"), now: When.t0)
        let attempts = try database.count("attempts")
        for postID in ["cancelled", "published", "failed"] {
            #expect(try database.claim(targetID: try database.targetID(postID, "brand"), now: When.at(1)) == nil)
        }
        #expect(try database.count("attempts") == attempts)
    }

    @Test func sequenceNumbersCountUpPerAccountWithoutGapsEvenAfterFailedAttempts() throws {
        for name in ["a", "b", "c", "d", "e"] {
            try database.acceptFixed(makePost(name, targets: [target("brand", at: 0)]))
        }
        try database.acceptFixed(makePost("x", targets: [target("ceo", at: 0)]))
        var published: [Int] = []

        let a = try database.mustClaim(try database.targetID("a", "brand"), now: When.t0)
        try database.record(a, result: .published(remoteID: "ra"), now: When.t0)
        published.append(a.seq)

        // A temporary failure does not use up a number: the retry gets the same one.
        let b1 = try database.mustClaim(try database.targetID("b", "brand"), now: When.t0)
        try database.record(b1, result: .temporary(reason: "503", retryAt: When.at(1)), now: When.t0)
        let b2 = try database.mustClaim(try database.targetID("b", "brand"), now: When.at(1))
        #expect(b2.seq == b1.seq)
        try database.record(b2, result: .published(remoteID: "rb"), now: When.at(1))
        published.append(b2.seq)

        // Nor does a permanent failure, nor an attempt that gives up.
        let c = try database.mustClaim(try database.targetID("c", "brand"), now: When.at(2))
        try database.record(c, result: .permanent(reason: "forbidden"), now: When.at(2))
        let d = try database.mustClaim(try database.targetID("d", "brand"), now: When.at(2))
        try database.record(d, result: .temporary(reason: "503", retryAt: nil), now: When.at(2))
        #expect(c.seq == 3)
        #expect(d.seq == 3)

        let e = try database.mustClaim(try database.targetID("e", "brand"), now: When.at(3))
        try database.record(e, result: .published(remoteID: "re"), now: When.at(3))
        published.append(e.seq)
        #expect(published == [1, 2, 3])

        // Another account numbers its own statuses from 1.
        let x = try database.mustClaim(try database.targetID("x", "ceo"), now: When.at(3))
        #expect(x.seq == 1)

        let stored = try database.rows("SELECT seq, remote_id FROM statuses WHERE account = 'brand' ORDER BY seq")
        #expect(stored.map { $0["seq"] as Int } == [1, 2, 3])
        #expect(stored.map { $0["remote_id"] as String } == ["ra", "rb", "re"])
    }

    @Test func twoAttemptsInFlightOnOneAccountNeverShareASequenceNumber() throws {
        for name in ["a", "b", "c"] {
            try database.acceptFixed(makePost(name, targets: [target("brand", at: 0)]))
        }
        let a = try database.mustClaim(try database.targetID("a", "brand"), now: When.t0)
        let b = try database.mustClaim(try database.targetID("b", "brand"), now: When.t0)
        #expect((a.seq, b.seq) == (1, 2))
        try database.record(b, result: .published(remoteID: "rb"), now: When.t0)
        try database.record(a, result: .published(remoteID: "ra"), now: When.t0)
        let c = try database.mustClaim(try database.targetID("c", "brand"), now: When.t0)
        #expect(c.seq == 3)
        let stored = try database.rows("SELECT seq, remote_id FROM statuses ORDER BY seq")
        #expect(stored.map { $0["remote_id"] as String } == ["ra", "rb"])
    }

    @Test func theIdempotencyKeyIsStableForAPartAcrossRetriesAndDiffersBetweenParts() throws {
        try database.acceptFixed(
            makePost("p1", parts: ["one", "two"], targets: [target("brand", at: 0), target("ceo", at: 0)])
        )
        let brand = try database.targetID("p1", "brand")
        let first = try database.mustClaim(brand, now: When.t0)
        try database.record(first, result: .temporary(reason: "timeout", retryAt: When.at(1)), now: When.t0)
        let retry = try database.mustClaim(brand, now: When.at(1))
        #expect(retry.idempotencyKey == first.idempotencyKey)
        #expect(retry.part == 0)
        #expect(retry.attemptID != first.attemptID)
        try database.record(retry, result: .published(remoteID: "r0"), now: When.at(1))
        let second = try database.mustClaim(brand, now: When.at(1))
        let ceo = try database.mustClaim(try database.targetID("p1", "ceo"), now: When.at(1))
        #expect(Set([first.idempotencyKey, second.idempotencyKey, ceo.idempotencyKey]).count == 3)
        let keys = try database.rows("SELECT idempotency_key FROM attempts ORDER BY id")
            .map { $0["idempotency_key"] as String }
        #expect(keys == [first.idempotencyKey, first.idempotencyKey, second.idempotencyKey, ceo.idempotencyKey])
    }

    @Test func retriesCountPreviousAttemptsAndKeepTheFirstAttemptTime() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        let id = try database.targetID("p1", "brand")
        let first = try database.mustClaim(id, now: When.at(1))
        #expect(first.previousAttempts == 0)
        #expect(first.firstAttemptAt == When.at(1))
        try database.record(first, result: .temporary(reason: "503", retryAt: When.at(5)), now: When.at(2))
        let second = try database.mustClaim(id, now: When.at(5))
        #expect(second.previousAttempts == 1)
        #expect(second.firstAttemptAt == When.at(1))
        try database.record(second, result: .temporary(reason: "503", retryAt: When.at(9)), now: When.at(6))
        let third = try database.mustClaim(id, now: When.at(9))
        #expect(third.previousAttempts == 2)
        #expect(third.firstAttemptAt == When.at(1))
        #expect(third.scheduledAt == When.at(0))
    }

    @Test func threadPartsReplyToThePreviousPartAndTheFirstToThePostsInReplyTo() throws {
        try database.acceptFixed(
            makePost("t", parts: ["a", "b", "c"], targets: [target("brand", at: 0)], inReplyTo: "parent-7")
        )
        let id = try database.targetID("t", "brand")
        var replies: [String?] = []
        var texts: [String] = []
        for (index, remote) in ["r-a", "r-b", "r-c"].enumerated() {
            let claim = try database.mustClaim(id, now: When.at(Double(index)))
            #expect(claim.part == index)
            #expect(claim.partCount == 3)
            replies.append(claim.inReplyTo)
            texts.append(claim.text)
            try database.record(claim, result: .published(remoteID: remote), now: When.at(Double(index)))
        }
        #expect(replies == ["parent-7", "r-a", "r-b"])
        #expect(texts == ["a", "b", "c"])
    }

    @Test func theFirstPartOfAPostThatIsNotAReplyRepliesToNothing() throws {
        try database.acceptFixed(makePost("t", parts: ["a", "b"], targets: [target("brand", at: 0)]))
        let id = try database.targetID("t", "brand")
        let first = try database.mustClaim(id, now: When.t0)
        #expect(first.inReplyTo == nil)
        try database.record(first, result: .published(remoteID: "r-a"), now: When.t0)
        #expect(try database.mustClaim(id, now: When.t0).inReplyTo == "r-a")
    }

    @Test func eachAccountsThreadChainsToItsOwnRemoteIDs() throws {
        try database.acceptFixed(
            makePost("t", parts: ["a", "b"], targets: [target("brand", at: 0), target("ceo", at: 0)])
        )
        let brand = try database.targetID("t", "brand")
        let ceo = try database.targetID("t", "ceo")
        try database.record(try database.mustClaim(brand, now: When.t0), result: .published(remoteID: "brand-a"),
                            now: When.t0)
        try database.record(try database.mustClaim(ceo, now: When.t0), result: .published(remoteID: "ceo-a"),
                            now: When.t0)
        #expect(try database.mustClaim(brand, now: When.t0).inReplyTo == "brand-a")
        #expect(try database.mustClaim(ceo, now: When.t0).inReplyTo == "ceo-a")
    }
}
