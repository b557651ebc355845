import Foundation
import GRDB
import Synchronization
import Testing

@testable import HeraldStore

@Suite("Accepting a spool file")
struct AcceptTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    @Test func acceptCommitsThePostItsPartsItsTargetsAndTheirEvents() throws {
        var post = makePost(
            "p1", parts: ["first", "second", "third"], targets: [target("brand", at: 10), target("ceo", at: 20)],
            submitterID: "launch-1", author: "team", kind: .support, language: "fr", inReplyTo: "remote-99"
        )
        post.targets[0].target.notBefore = When.at(5)
        post.targets[0].target.notAfter = When.at(50)
        let outcome = try database.accept(post, now: When.t0, place: mustNotPlace)
        #expect(outcome == .accepted(scheduled: [When.at(10), When.at(20)]))

        let stored = try #require(try database.row("SELECT * FROM posts WHERE id = 'p1'"))
        #expect(stored["submitter_id"] == "launch-1")
        #expect(stored["file_name"] == "p1.post")
        #expect(stored["spool_key"] == "key-p1")
        #expect(stored["owner_uid"] == 1000)
        #expect(stored["content"] == Data(post.content))
        #expect(stored["author"] == "team")
        #expect(stored["kind"] == "support")
        #expect(stored["language"] == "fr")
        #expect(stored["in_reply_to"] == "remote-99")
        #expect(stored["accepted_at"] == When.t0.timeIntervalSince1970)

        let parts = try database.rows("SELECT part, text FROM post_parts WHERE post_id = 'p1' ORDER BY part")
        #expect(parts.map { $0["part"] as Int } == [0, 1, 2])
        #expect(parts.map { $0["text"] as String } == ["first", "second", "third"])

        let targets = try database.rows("SELECT * FROM targets WHERE post_id = 'p1' ORDER BY id")
        #expect(targets.map { $0["account"] as String } == ["brand", "ceo"])
        for (row, minutes) in zip(targets, [10.0, 20.0]) {
            #expect(row["state"] == "scheduled")
            #expect(row["fixed"] == true)
            #expect(row["submitter_id"] == "launch-1")
            #expect(row["scheduled_at"] == When.at(minutes).timeIntervalSince1970)
            #expect(row["next_attempt_at"] == When.at(minutes).timeIntervalSince1970)
            #expect(row["attempts"] == 0)
            #expect(row["parts_total"] == 3)
            #expect(row["parts_done"] == 0)
            #expect((row["first_attempt_at"] as Double?) == nil)
            #expect((row["finished_at"] as Double?) == nil)
        }
        #expect(targets[0]["not_before"] == When.at(5).timeIntervalSince1970)
        #expect(targets[0]["not_after"] == When.at(50).timeIntervalSince1970)
        #expect((targets[1]["not_before"] as Double?) == nil)

        let events = try database.events(postID: "p1")
        #expect(events == [
            EventRecord(at: When.t0, postID: "p1", account: nil, event: "accepted", message: "accepted p1.post"),
            EventRecord(
                at: When.t0, postID: "p1", account: "brand", event: "scheduled",
                message: "scheduled for 2026-11-23T14:10:00Z"
            ),
            EventRecord(
                at: When.t0, postID: "p1", account: "ceo", event: "scheduled",
                message: "scheduled for 2026-11-23T14:20:00Z"
            ),
        ])
        #expect(try database.count("statuses") == 0)
        #expect(try database.count("attempts") == 0)
    }

    @Test func placeSeesTheOccupiedInstantsOfThatAccountOnlyInOrderAndItsChoiceIsStored() throws {
        try database.acceptFixed(makePost("late", targets: [target("brand", at: 60)]))
        try database.acceptFixed(makePost("early", targets: [target("brand", at: 30)]))
        try database.acceptFixed(makePost("other", targets: [target("ceo", at: 45)]))

        var calls: [(account: String, occupied: [Date])] = []
        let outcome = try database.accept(
            makePost("placed", targets: [target("brand"), target("ceo", at: 5)]), now: When.t0
        ) { target, occupied in
            calls.append((target.account, occupied))
            return When.at(90)
        }
        #expect(outcome == .accepted(scheduled: [When.at(90), When.at(5)]))
        #expect(calls.count == 1)
        #expect(calls.first?.account == "brand")
        #expect(calls.first?.occupied == [When.at(30), When.at(60)])

        let placed = try #require(
            try database.row("SELECT * FROM targets WHERE post_id = 'placed' AND account = 'brand'")
        )
        #expect(placed["scheduled_at"] == When.at(90).timeIntervalSince1970)
        #expect(placed["next_attempt_at"] == When.at(90).timeIntervalSince1970)
        #expect(placed["fixed"] == false)
        let fixed = try #require(try database.row("SELECT * FROM targets WHERE post_id = 'placed' AND account = 'ceo'"))
        #expect(fixed["fixed"] == true)

        // The next placement on the account sees the instant just chosen.
        var seen: [Date] = []
        _ = try database.accept(makePost("next", targets: [target("brand")]), now: When.t0) { _, occupied in
            seen = occupied
            return When.at(120)
        }
        #expect(seen == [When.at(30), When.at(60), When.at(90)])
    }

    @Test func placeIsCalledOncePerUnplacedTargetWithEachAccountsOwnInstants() throws {
        try database.acceptFixed(makePost("b", targets: [target("brand", at: 30)]))
        try database.acceptFixed(makePost("c", targets: [target("ceo", at: 40), target("help", at: 50)]))
        var calls: [String: [Date]] = [:]
        let outcome = try database.accept(
            makePost("multi", targets: [target("brand"), target("ceo"), target("help")]), now: When.t0
        ) { target, occupied in
            calls[target.account] = occupied
            return When.at(["brand": 100.0, "ceo": 200, "help": 300][target.account]!)
        }
        #expect(outcome == .accepted(scheduled: [When.at(100), When.at(200), When.at(300)]))
        #expect(calls == ["brand": [When.at(30)], "ceo": [When.at(40)], "help": [When.at(50)]])
    }

    @Test func occupiedInstantsLeaveOutCancelledAndFailedTargetsAndThoseOlderThanTwoDays() throws {
        let now = When.at(3 * 24 * 60)  // three days after t0
        try database.acceptFixed(makePost("ancient", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("published", targets: [target("brand", at: 2 * 24 * 60)]))
        try database.acceptFixed(makePost("inflight", targets: [target("brand", at: 3 * 24 * 60 - 1)]))
        try database.acceptFixed(makePost("cancelled", targets: [target("brand", at: 3 * 24 * 60 + 10)]))
        try database.acceptFixed(makePost("failed", targets: [target("brand", at: 3 * 24 * 60 - 2)]))
        try database.acceptFixed(makePost("waiting", targets: [target("brand", at: 3 * 24 * 60 + 20)]))

        let published = try database.mustClaim(try database.targetID("published", "brand"), now: now)
        try database.record(published, result: .published(remoteID: "r1"), now: now)
        _ = try database.mustClaim(try database.targetID("inflight", "brand"), now: now)
        _ = try database.cancel(postID: "cancelled", now: now)
        let failed = try database.mustClaim(try database.targetID("failed", "brand"), now: now)
        try database.record(failed, result: .permanent(reason: "rejected by network"), now: now)

        var seen: [Date] = []
        _ = try database.accept(makePost("new", targets: [target("brand")]), now: now) { _, occupied in
            seen = occupied
            return When.at(4 * 24 * 60)
        }
        #expect(seen == [When.at(2 * 24 * 60), When.at(3 * 24 * 60 - 1), When.at(3 * 24 * 60 + 20)])
    }

    @Test func occupiedOutsideAcceptIsWhatPlaceWouldSee() throws {
        try database.acceptFixed(makePost("late", targets: [target("brand", at: 60)]))
        try database.acceptFixed(makePost("early", targets: [target("brand", at: 30)]))
        try database.acceptFixed(makePost("other", targets: [target("ceo", at: 45)]))
        try database.acceptFixed(makePost("cancelled", targets: [target("brand", at: 40)]))
        _ = try database.cancel(postID: "cancelled", now: When.t0)
        #expect(try database.occupied(account: "brand", now: When.t0) == [When.at(30), When.at(60)])
        #expect(try database.occupied(account: "nobody", now: When.t0).isEmpty)
        var seen: [Date] = []
        _ = try database.accept(makePost("new", targets: [target("brand")]), now: When.t0) { _, occupied in
            seen = occupied
            return nil
        }
        #expect(seen == [When.at(30), When.at(60)])
    }

    @Test func twoConnectionsPlacingAtOnceNeverTakeTheSameSlot() throws {
        let other = try scratch.open()
        let perSide = 20
        let slots = (0..<(2 * perSide)).map { When.at(Double($0) * 10) }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            let connection = side == 0 ? database : other
            for index in 0..<perSide {
                do {
                    let outcome = try connection.accept(
                        makePost("s\(side)-\(index)", targets: [target("brand")]), now: When.t0
                    ) { _, occupied in slots.first { !occupied.contains($0) } }
                    if case .accepted = outcome {} else { failures.withLock { $0.append("\(outcome)") } }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let scheduled = try database.queue().map(\.scheduledAt)
        #expect(scheduled == slots)
    }

    @Test func theSameSpoolFileTwiceIsAlreadyAcceptedAndNothingIsDuplicated() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        let before = try database.tableCounts()

        // A crash between commit and unlink: the daemon reads the same file again and mints a new post id.
        let again = makePost("p2", targets: [target("brand")], submitterID: "s1", spoolKey: "key-p1")
        let outcome = try database.accept(again, now: When.at(1)) { _, _ in
            Issue.record("an already accepted file must not be placed again")
            return When.at(99)
        }
        #expect(outcome == .alreadyAccepted(postID: "p1"))
        #expect(try database.tableCounts() == before)
        #expect(try database.postID(forSpoolKey: "key-p1") == "p1")
        #expect(try database.postID(forSpoolKey: "key-p2") == nil)
    }

    @Test func aDuplicateSubmitterIDOnTheSameAccountIsRejectedAndNothingIsCommitted() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)], submitterID: "launch"))
        let before = try database.tableCounts()
        do {
            _ = try database.accept(
                makePost("p2", targets: [target("ceo", at: 5), target("brand", at: 20)], submitterID: "launch"),
                now: When.t0, place: mustNotPlace
            )
            Issue.record("a duplicate Id must be rejected")
        } catch {
            #expect(error == .duplicateID(id: "launch", account: "brand", existingPost: "p1"))
            #expect(error.description == "duplicate Id \"launch\" for account brand: already used by post p1")
        }
        #expect(try database.tableCounts() == before)
        #expect(try database.postID(forSpoolKey: "key-p2") == nil)
    }

    @Test func theSameSubmitterIDOnADifferentAccountIsAccepted() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)], submitterID: "launch"))
        let scheduled = try database.acceptFixed(
            makePost("p2", targets: [target("ceo", at: 20)], submitterID: "launch")
        )
        #expect(scheduled == [When.at(20)])
        #expect(try database.queue().map(\.postID) == ["p1", "p2"])
    }

    @Test func postsWithoutSubmitterIDsNeverCollide() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        try database.acceptFixed(makePost("p2", targets: [target("brand", at: 20)]))
        #expect(try database.count("targets") == 2)
    }

    @Test func aDuplicateSubmitterIDStaysTakenAfterThePostEnds() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)], submitterID: "launch"))
        _ = try database.cancel(postID: "p1", now: When.t0)
        #expect(throws: StoreError.duplicateID(id: "launch", account: "brand", existingPost: "p1")) {
            try database.accept(
                makePost("p2", targets: [target("brand", at: 20)], submitterID: "launch"), now: When.t0,
                place: mustNotPlace
            )
        }
    }

    @Test func noRoomFromPlaceNamesTheAccountAndCommitsNothing() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        let before = try database.tableCounts()
        let outcome = try database.accept(
            makePost("full", targets: [target("ceo"), target("brand")], submitterID: "s1"), now: When.t0
        ) { target, _ in
            target.account == "ceo" ? When.at(30) : nil
        }
        #expect(outcome == .noRoom(account: "brand"))
        #expect(try database.tableCounts() == before)
        #expect(try database.postID(forSpoolKey: "key-full") == nil)
        #expect(try database.events(postID: "full").isEmpty)

        // Nothing half-committed blocks a later attempt with the same file and Id.
        let retried = try database.accept(
            makePost("full", targets: [target("ceo"), target("brand")], submitterID: "s1"), now: When.t0
        ) { _, _ in When.at(40) }
        #expect(retried == .accepted(scheduled: [When.at(40), When.at(40)]))
    }

    @Test func acceptAllCommitsABatchWithOneOutcomePerPostInOrder() throws {
        try database.acceptFixed(makePost("old", targets: [target("brand", at: 10)], submitterID: "taken"))
        let batch = [
            makePost("placed-1", targets: [target("brand")]),
            makePost("fixed", targets: [target("ceo", at: 15)]),
            makePost("duplicate", targets: [target("brand", at: 40)], submitterID: "taken"),
            makePost("placed-2", targets: [target("brand")], submitterID: "new-id"),
            makePost("full", targets: [target("help")]),
            makePost("again", targets: [target("brand", at: 50)], spoolKey: "key-old"),
            makePost("same-id-in-batch", targets: [target("brand", at: 60)], submitterID: "new-id"),
            makePost("same-file-in-batch", targets: [target("brand", at: 70)], spoolKey: "key-fixed"),
        ]
        var seen: [[Date]] = []
        let outcomes = try database.acceptAll(batch, now: When.t0) { target, occupied in
            guard target.account == "brand" else { return nil }
            seen.append(occupied)
            return When.at(Double(20 + 10 * seen.count))
        }
        #expect(outcomes == [
            .accepted(scheduled: [When.at(30)]),
            .accepted(scheduled: [When.at(15)]),
            .duplicateID(id: "taken", account: "brand", existingPost: "old"),
            .accepted(scheduled: [When.at(40)]),
            .noRoom(account: "help"),
            .alreadyAccepted(postID: "old"),
            .duplicateID(id: "new-id", account: "brand", existingPost: "placed-2"),
            .alreadyAccepted(postID: "fixed"),
        ])
        // A later post in the batch sees the instants chosen earlier in it.
        #expect(seen == [[When.at(10)], [When.at(10), When.at(30)]])
        let posts = try database.rows("SELECT id FROM posts ORDER BY id").map { $0["id"] as String }
        #expect(posts == ["fixed", "old", "placed-1", "placed-2"])
        #expect(try database.count("targets") == 4)
        #expect(try database.events().filter { $0.event == "accepted" }.count == 4)
    }

    @Test func acceptAllOfNothingCommitsNothing() throws {
        #expect(try database.acceptAll([], now: When.t0, place: mustNotPlace).isEmpty)
        #expect(try database.tableCounts().values.allSatisfy { $0 == 0 })
    }

    @Test func anAcceptedPostCanBeFoundByItsSpoolKey() throws {
        #expect(try database.postID(forSpoolKey: "key-p1") == nil)
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        #expect(try database.postID(forSpoolKey: "key-p1") == "p1")
    }

    @Test func recordEventsStoresSeveralEventsInOrderAndNothingForAnEmptyList() throws {
        try database.recordEvents([])
        #expect(try database.count("events") == 0)
        let events = [
            EventRecord(at: When.at(1), postID: nil, account: nil, event: "rejected", message: "a.post: empty body"),
            EventRecord(at: When.at(1), postID: nil, account: "brand", event: "rejected", message: "b.post: symlink"),
        ]
        try database.recordEvents(events)
        #expect(try database.events() == events)
    }

    @Test func recordEventStoresAnEventWithoutAPost() throws {
        try database.recordEvent(
            at: When.at(1), postID: nil, account: nil, event: "rejected", message: "bad.post: line 3: unknown header"
        )
        #expect(try database.events() == [
            EventRecord(
                at: When.at(1), postID: nil, account: nil, event: "rejected",
                message: "bad.post: line 3: unknown header"
            )
        ])
    }
}
