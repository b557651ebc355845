import Foundation
import GRDB
import Testing

@testable import HeraldStore

@Suite("Recording how an attempt ended")
struct RecordTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    /// Accepts a post on "brand" at t0 and claims its first part at `claimedAt`.
    func claimed(_ id: String = "p1", parts: [String] = ["hello"], claimedAt: Date = When.t0) throws -> Claim {
        try database.acceptFixed(makePost(id, parts: parts, targets: [target("brand", at: 0)], inReplyTo: "parent"))
        return try database.mustClaim(try database.targetID(id, "brand"), now: claimedAt)
    }

    @Test func publishedFinishesTheAttemptStoresTheStatusAndPublishesTheTarget() throws {
        let claim = try claimed()
        try database.record(claim, result: .published(remoteID: "remote-1"), now: When.at(1))

        let attempt = try #require(try database.row("SELECT * FROM attempts WHERE id = ?", [claim.attemptID]))
        #expect(attempt["outcome"] == "published")
        #expect(attempt["detail"] == "remote-1")
        #expect(attempt["finished_at"] == When.at(1).timeIntervalSince1970)

        let status = try #require(try database.row("SELECT * FROM statuses"))
        #expect(status["account"] == "brand")
        #expect(status["seq"] == 1)
        #expect(status["target_id"] == claim.targetID)
        #expect(status["part"] == 0)
        #expect(status["remote_id"] == "remote-1")
        #expect(status["in_reply_to"] == "parent")
        #expect(status["published_at"] == When.at(1).timeIntervalSince1970)

        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [claim.targetID]))
        #expect(row["state"] == "published")
        #expect(row["parts_done"] == 1)
        #expect(row["finished_at"] == When.at(1).timeIntervalSince1970)
        #expect((row["last_error"] as String?) == nil)

        #expect(try database.eventKinds("p1") == ["accepted", "scheduled", "published"])
        #expect(try database.events(postID: "p1").last == EventRecord(
            at: When.at(1), postID: "p1", account: "brand", event: "published", message: "published as remote-1"
        ))
        #expect(try database.inFlight().isEmpty)
    }

    @Test func aTemporaryFailureWithARetryTimeSchedulesTheTargetAgain() throws {
        let claim = try claimed()
        try database.record(
            claim, result: .temporary(reason: "HTTP 503", retryAt: When.at(5).addingTimeInterval(0.25)), now: When.at(1)
        )

        let attempt = try #require(try database.row("SELECT * FROM attempts WHERE id = ?", [claim.attemptID]))
        #expect(attempt["outcome"] == "temporary")
        #expect(attempt["detail"] == "HTTP 503")
        #expect(attempt["finished_at"] == When.at(1).timeIntervalSince1970)

        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [claim.targetID]))
        #expect(row["state"] == "scheduled")
        #expect(row["next_attempt_at"] == When.at(5).addingTimeInterval(0.25).timeIntervalSince1970)
        #expect(row["scheduled_at"] == When.t0.timeIntervalSince1970)
        #expect(row["last_error"] == "HTTP 503")
        #expect(row["parts_done"] == 0)
        #expect((row["finished_at"] as Double?) == nil)
        #expect(try database.count("statuses") == 0)

        #expect(try database.events(postID: "p1").last == EventRecord(
            at: When.at(1), postID: "p1", account: "brand", event: "retrying",
            message: "HTTP 503; next attempt 2026-11-23T14:05:00.250Z"
        ))
        #expect(try database.nextDue(account: "brand", now: When.at(5)) == nil)
        #expect(try database.nextDue(account: "brand", now: When.at(5).addingTimeInterval(0.25)) == claim.targetID)
        let queued = try #require(try database.queue().first)
        #expect(queued.state == .scheduled)
        #expect(queued.lastError == "HTTP 503")
        #expect(queued.attempts == 1)
    }

    @Test func aTemporaryFailureWithoutARetryTimeGivesUpAndFailsTheTarget() throws {
        let first = try claimed()
        try database.record(first, result: .temporary(reason: "timeout", retryAt: When.at(2)), now: When.at(1))
        let second = try database.mustClaim(first.targetID, now: When.at(2))
        try database.record(second, result: .temporary(reason: "HTTP 502", retryAt: nil), now: When.at(3))

        let attempt = try #require(try database.row("SELECT * FROM attempts WHERE id = ?", [second.attemptID]))
        #expect(attempt["outcome"] == "temporary")
        #expect(attempt["detail"] == "HTTP 502")

        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [first.targetID]))
        #expect(row["state"] == "failed")
        #expect(row["last_error"] == "gave up after 2 attempts: HTTP 502")
        #expect(row["finished_at"] == When.at(3).timeIntervalSince1970)
        #expect(try database.eventKinds("p1") == ["accepted", "scheduled", "retrying", "failed"])
        #expect(try database.events(postID: "p1").last?.message == "gave up after 2 attempts: HTTP 502")
        #expect(try database.claim(targetID: first.targetID, now: When.at(10)) == nil)
        #expect(try database.queue().isEmpty)
    }

    @Test func aPermanentFailureFailsTheTargetForGood() throws {
        let claim = try claimed()
        try database.record(claim, result: .permanent(reason: "HTTP 403: duplicate status"), now: When.at(1))

        let attempt = try #require(try database.row("SELECT * FROM attempts WHERE id = ?", [claim.attemptID]))
        #expect(attempt["outcome"] == "permanent")
        #expect(attempt["detail"] == "HTTP 403: duplicate status")

        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [claim.targetID]))
        #expect(row["state"] == "failed")
        #expect(row["last_error"] == "HTTP 403: duplicate status")
        #expect(row["finished_at"] == When.at(1).timeIntervalSince1970)
        #expect(try database.count("statuses") == 0)
        #expect(try database.events(postID: "p1").last == EventRecord(
            at: When.at(1), postID: "p1", account: "brand", event: "failed", message: "HTTP 403: duplicate status"
        ))
        #expect(try database.claim(targetID: claim.targetID, now: When.at(10)) == nil)
        #expect(try database.earliestDue().isEmpty)
    }

    @Test func aThreePartThreadGoesOutPartByPartToPublished() throws {
        let first = try claimed("t", parts: ["one", "two", "three"])
        let id = first.targetID
        try database.record(first, result: .published(remoteID: "r1"), now: When.at(1))
        var row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [id]))
        #expect(row["state"] == "scheduled")
        #expect(row["parts_done"] == 1)
        #expect(row["next_attempt_at"] == When.at(1).timeIntervalSince1970)
        #expect((row["finished_at"] as Double?) == nil)
        #expect(try database.nextDue(account: "brand", now: When.at(1)) == id)

        // The middle part fails once; its retry still replies to part one.
        let second = try database.mustClaim(id, now: When.at(1))
        #expect((second.part, second.seq, second.inReplyTo, second.text) == (1, 2, "r1", "two"))
        try database.record(second, result: .temporary(reason: "HTTP 500", retryAt: When.at(2)), now: When.at(1))
        let secondRetry = try database.mustClaim(id, now: When.at(2))
        #expect((secondRetry.part, secondRetry.seq, secondRetry.inReplyTo) == (1, 2, "r1"))
        #expect(secondRetry.idempotencyKey == second.idempotencyKey)
        try database.record(secondRetry, result: .published(remoteID: "r2"), now: When.at(2))
        row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [id]))
        #expect((row["last_error"] as String?) == nil)

        let third = try database.mustClaim(id, now: When.at(3))
        #expect((third.part, third.seq, third.inReplyTo, third.text) == (2, 3, "r2", "three"))
        try database.record(third, result: .published(remoteID: "r3"), now: When.at(3))

        row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [id]))
        #expect(row["state"] == "published")
        #expect(row["parts_done"] == 3)
        #expect(row["attempts"] == 4)
        #expect(row["finished_at"] == When.at(3).timeIntervalSince1970)
        #expect(try database.claim(targetID: id, now: When.at(4)) == nil)

        let statuses = try database.rows("SELECT * FROM statuses ORDER BY seq")
        #expect(statuses.map { $0["part"] as Int } == [0, 1, 2])
        #expect(statuses.map { $0["remote_id"] as String } == ["r1", "r2", "r3"])
        #expect(statuses.map { $0["in_reply_to"] as String? } == ["parent", "r1", "r2"])

        let published = try database.events(postID: "t").filter { $0.event == "published" }.map(\.message)
        #expect(published == ["part 1/3 published as r1", "part 2/3 published as r2", "part 3/3 published as r3"])
        let history = try #require(try database.history().first)
        #expect(history.state == .published)
        #expect(history.remoteIDs == ["r1", "r2", "r3"])
        #expect(history.text == "one\n---\ntwo\n---\nthree")
    }

    @Test func aFailedThreadPartFailsTheWholeTargetAfterThePartsThatWentOut() throws {
        let first = try claimed("t", parts: ["one", "two"])
        try database.record(first, result: .published(remoteID: "r1"), now: When.at(1))
        let second = try database.mustClaim(first.targetID, now: When.at(1))
        try database.record(second, result: .permanent(reason: "too long"), now: When.at(2))
        let history = try #require(try database.history().first)
        #expect(history.state == .failed)
        #expect(history.remoteIDs == ["r1"])
        #expect(history.lastError == "too long")
    }
}
