import Foundation
import Synchronization
import Testing

@testable import HeraldStore

@Suite("Cancelling a post")
struct CancelTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    @Test func cancellingAWaitingPostCancelsEveryTargetForGood() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10), target("ceo", at: 20)]))
        let outcome = try database.cancel(postID: "p1", now: When.at(1))
        #expect(outcome == .cancelled(accounts: ["brand", "ceo"]))
        for account in ["brand", "ceo"] {
            let id = try database.targetID("p1", account)
            let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [id]))
            #expect(row["state"] == "cancelled")
            #expect(row["finished_at"] == When.at(1).timeIntervalSince1970)
            #expect(try database.claim(targetID: id, now: When.at(60)) == nil)
            #expect(try database.nextDue(account: account, now: When.at(60)) == nil)
        }
        #expect(try database.count("attempts") == 0)
        #expect(try database.earliestDue().isEmpty)
        #expect(try database.queue().isEmpty)
        #expect(try database.overdue(before: When.at(60)).isEmpty)
        #expect(try database.events(postID: "p1").suffix(2) == [
            EventRecord(at: When.at(1), postID: "p1", account: "brand", event: "cancelled", message: "cancelled"),
            EventRecord(at: When.at(1), postID: "p1", account: "ceo", event: "cancelled", message: "cancelled"),
        ])
        #expect(try database.history().map(\.state) == [.cancelled, .cancelled])
    }

    @Test func cancellingAPostWithAnAttemptInFlightIsBusyAndChangesNothing() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0), target("ceo", at: 20)]))
        _ = try database.mustClaim(try database.targetID("p1", "brand"), now: When.t0)
        let before = try database.tableCounts()
        let outcome = try database.cancel(postID: "p1", now: When.at(1))
        #expect(outcome == .busy(account: "brand"))
        #expect(try database.tableCounts() == before)
        #expect(try database.state(try database.targetID("p1", "brand")) == .publishing)
        #expect(try database.state(try database.targetID("p1", "ceo")) == .scheduled)
    }

    @Test func cancellingAFinishedPostReportsEachTargetsState() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0), target("ceo", at: 0)]))
        let brand = try database.mustClaim(try database.targetID("p1", "brand"), now: When.t0)
        try database.record(brand, result: .published(remoteID: "r1"), now: When.t0)
        let ceo = try database.mustClaim(try database.targetID("p1", "ceo"), now: When.t0)
        try database.record(ceo, result: .permanent(reason: "suspended"), now: When.t0)
        let before = try database.tableCounts()
        #expect(try database.cancel(postID: "p1", now: When.at(1)) == .alreadyFinished(
            state: ["brand": .published, "ceo": .failed]
        ))
        #expect(try database.tableCounts() == before)
    }

    @Test func cancellingTwiceReportsAlreadyCancelled() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 10)]))
        _ = try database.cancel(postID: "p1", now: When.at(1))
        let events = try database.count("events")
        #expect(try database.cancel(postID: "p1", now: When.at(2)) == .alreadyFinished(state: ["brand": .cancelled]))
        #expect(try database.count("events") == events)
    }

    @Test func cancellingAPartlyPublishedPostCancelsOnlyTheTargetsStillWaiting() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0), target("ceo", at: 30)]))
        let brand = try database.mustClaim(try database.targetID("p1", "brand"), now: When.t0)
        try database.record(brand, result: .published(remoteID: "r1"), now: When.t0)
        #expect(try database.cancel(postID: "p1", now: When.at(1)) == .cancelled(accounts: ["ceo"]))
        #expect(try database.state(brand.targetID) == .published)
        #expect(try database.state(try database.targetID("p1", "ceo")) == .cancelled)
    }

    @Test func cancellingTheRestOfAStartedThreadStopsItsRemainingParts() throws {
        try database.acceptFixed(makePost("t", parts: ["a", "b", "c"], targets: [target("brand", at: 0)]))
        let first = try database.mustClaim(try database.targetID("t", "brand"), now: When.t0)
        try database.record(first, result: .published(remoteID: "r1"), now: When.t0)
        #expect(try database.cancel(postID: "t", now: When.at(1)) == .cancelled(accounts: ["brand"]))
        #expect(try database.claim(targetID: first.targetID, now: When.at(2)) == nil)
        #expect(try database.history().first?.remoteIDs == ["r1"])
    }

    @Test func cancellingAnUnknownPostIsNoSuchPost() throws {
        #expect(throws: StoreError.noSuchPost("nope")) {
            try database.cancel(postID: "nope", now: When.t0)
        }
        #expect(StoreError.noSuchPost("nope").description == "no post with id nope")
    }

    @Test func aCancelFromTheCLIBeforeTheDaemonClaimsMeansItIsNeverPublished() throws {
        let cli = try scratch.open()
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        let id = try database.nextDue(account: "brand", now: When.t0)
        #expect(try cli.cancel(postID: "p1", now: When.t0) == .cancelled(accounts: ["brand"]))
        // The daemon had already picked the target, but its claim sees the cancel.
        #expect(try database.claim(targetID: #require(id), now: When.t0) == nil)
        #expect(try database.count("attempts") == 0)
    }

    @Test func aCancelFromTheCLIWhileTheDaemonPublishesIsBusyThenAlreadyFinished() throws {
        let cli = try scratch.open()
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        let claim = try database.mustClaim(try database.targetID("p1", "brand"), now: When.t0)
        #expect(try cli.cancel(postID: "p1", now: When.t0) == .busy(account: "brand"))
        try database.record(claim, result: .published(remoteID: "r1"), now: When.at(1))
        #expect(try cli.cancel(postID: "p1", now: When.at(2)) == .alreadyFinished(state: ["brand": .published]))
        #expect(try cli.history().first?.remoteIDs == ["r1"])
    }

    @Test func concurrentCancelAndClaimFromTwoConnectionsAlwaysEndInOneClearState() throws {
        let daemon = database
        let cli = try scratch.open()
        let count = 40
        for index in 0..<count {
            try daemon.acceptFixed(makePost("p\(index)", targets: [target("brand", at: 0)]))
        }
        let ids = try (0..<count).map { try daemon.targetID("p\($0)", "brand") }

        let claims = Mutex<[Int: Claim]>([:])
        let cancels = Mutex<[Int: CancelOutcome]>([:])
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            for index in 0..<count {
                do {
                    if side == 0 {
                        if let claim = try daemon.claim(targetID: ids[index], now: When.t0) {
                            claims.withLock { $0[index] = claim }
                        }
                    } else {
                        let outcome = try cli.cancel(postID: "p\(index)", now: When.t0)
                        cancels.withLock { $0[index] = outcome }
                    }
                } catch {
                    errors.withLock { $0.append("\(side) p\(index): \(error)") }
                }
            }
        }
        #expect(errors.withLock { $0 } == [])
        let claimed = claims.withLock { $0 }
        let cancelled = cancels.withLock { $0 }
        for index in 0..<count {
            let state = try daemon.state(ids[index])
            switch (claimed[index], cancelled[index]) {
            case (.some, .busy(account: "brand")?):
                #expect(state == .publishing, "p\(index)")
            case (nil, .cancelled(accounts: ["brand"])?):
                #expect(state == .cancelled, "p\(index)")
            case let (claim, cancel):
                Issue.record("p\(index): claim \(String(describing: claim)), cancel \(String(describing: cancel))")
            }
        }
        #expect(try daemon.count("attempts") == claimed.count)
        #expect(try daemon.inFlight().map(\.attemptID).sorted() == claimed.values.map(\.attemptID).sorted())
    }
}
