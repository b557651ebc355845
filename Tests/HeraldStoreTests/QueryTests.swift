import Foundation
import Testing

@testable import HeraldStore

@Suite("Queue, history and events")
struct QueryTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    @Test func theQueueListsWaitingAndInFlightTargetsSoonestFirst() throws {
        try database.acceptFixed(
            makePost("thread", parts: ["one", "two"], targets: [target("brand", at: 30), target("ceo", at: 10)],
                     author: "team")
        )
        try database.acceptFixed(makePost("inflight", targets: [target("brand", at: 5)], author: nil))
        try database.acceptFixed(makePost("same-time", targets: [target("help", at: 10)]))
        try database.acceptFixed(makePost("done", targets: [target("help", at: 1)]))
        try database.acceptFixed(makePost("cancelled", targets: [target("help", at: 2)]))
        _ = try database.mustClaim(try database.targetID("inflight", "brand"), now: When.at(5))
        let done = try database.mustClaim(try database.targetID("done", "help"), now: When.at(1))
        try database.record(done, result: .published(remoteID: "r"), now: When.at(1))
        _ = try database.cancel(postID: "cancelled", now: When.at(1))

        let queue = try database.queue()
        #expect(queue.map(\.postID) == ["inflight", "thread", "same-time", "thread"])
        #expect(queue.map(\.account) == ["brand", "ceo", "help", "brand"])
        #expect(queue.map(\.state) == [.publishing, .scheduled, .scheduled, .scheduled])
        #expect(try database.queuedCount() == 4)

        let brandThread = queue[3]
        #expect(brandThread == QueueEntry(
            postID: "thread", targetID: try database.targetID("thread", "brand"), account: "brand",
            state: .scheduled, scheduledAt: When.at(30), nextAttemptAt: When.at(30), author: "team",
            text: "one\n---\ntwo", attempts: 0, partsDone: 0, partsTotal: 2, lastError: nil
        ))
        #expect(queue[0].author == nil)
        #expect(queue[0].attempts == 1)
    }

    /// Issue 12: the queue is paged by account, due-time range and limit, soonest first, and counted without the
    /// limit for "… N more".
    @Test func theQueueIsPagedByAccountTimeRangeAndLimit() throws {
        for (index, minutes) in [10.0, 20, 30, 40, 50].enumerated() {
            try database.acceptFixed(makePost("b\(index)", targets: [target("brand", at: minutes)]))
            try database.acceptFixed(makePost("c\(index)", targets: [target("ceo", at: minutes + 1)]))
        }
        #expect(try database.queue(QueueFilter(limit: 3)).map(\.postID) == ["b0", "c0", "b1"])
        #expect(try database.queue(QueueFilter(account: "ceo")).map(\.postID) == ["c0", "c1", "c2", "c3", "c4"])
        let window = QueueFilter(account: "brand", from: When.at(20), to: When.at(50))
        #expect(try database.queue(window).map(\.postID) == ["b1", "b2", "b3"], "[from, to)")
        var page = window
        page.limit = 2
        #expect(try database.queue(page).map(\.postID) == ["b1", "b2"])
        #expect(try database.queueCount(page) == 3, "counted without the limit")
        #expect(try database.queueCount(QueueFilter()) == 10)
        #expect(try database.queue(QueueFilter(account: "nobody")).isEmpty)
    }

    @Test func theQueueOrdersARetryByItsNextAttempt() throws {
        try database.acceptFixed(makePost("retry", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("waiting", targets: [target("brand", at: 10)]))
        let claim = try database.mustClaim(try database.targetID("retry", "brand"), now: When.t0)
        try database.record(claim, result: .temporary(reason: "503", retryAt: When.at(20)), now: When.t0)
        let queue = try database.queue()
        #expect(queue.map(\.postID) == ["waiting", "retry"])
        #expect(queue[1].scheduledAt == When.t0)
        #expect(queue[1].nextAttemptAt == When.at(20))
        #expect(queue[1].lastError == "503")
    }

    @Test func anEmptyDatabaseHasAnEmptyQueueHistoryAndEventLog() throws {
        #expect(try database.queue().isEmpty)
        #expect(try database.queuedCount() == 0)
        #expect(try database.history().isEmpty)
        #expect(try database.events().isEmpty)
    }

    @Test func historyListsFinishedTargetsMostRecentFirstWithTheirRemoteIDs() throws {
        try database.acceptFixed(makePost("published", parts: ["a", "b"], targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("failed", targets: [target("ceo", at: 0)], author: "bob"))
        try database.acceptFixed(makePost("cancelled", targets: [target("help", at: 50)]))
        try database.acceptFixed(makePost("waiting", targets: [target("help", at: 60)]))

        let id = try database.targetID("published", "brand")
        try database.record(try database.mustClaim(id, now: When.at(1)), result: .published(remoteID: "r-a"),
                            now: When.at(1))
        try database.record(try database.mustClaim(id, now: When.at(1)), result: .published(remoteID: "r-b"),
                            now: When.at(2))
        let failed = try database.mustClaim(try database.targetID("failed", "ceo"), now: When.at(3))
        try database.record(failed, result: .permanent(reason: "forbidden"), now: When.at(4))
        _ = try database.cancel(postID: "cancelled", now: When.at(3))

        let history = try database.history()
        #expect(history == [
            HistoryEntry(
                postID: "failed", account: "ceo", state: .failed, scheduledAt: When.t0, finishedAt: When.at(4),
                author: "bob", text: "hello", remoteIDs: [], attempts: 1, lastError: "forbidden",
                targetID: try database.targetID("failed", "ceo")
            ),
            HistoryEntry(
                postID: "cancelled", account: "help", state: .cancelled, scheduledAt: When.at(50),
                finishedAt: When.at(3), author: "alice", text: "hello", remoteIDs: [], attempts: 0, lastError: nil,
                targetID: try database.targetID("cancelled", "help")
            ),
            HistoryEntry(
                postID: "published", account: "brand", state: .published, scheduledAt: When.t0,
                finishedAt: When.at(2), author: "alice", text: "a\n---\nb", remoteIDs: ["r-a", "r-b"], attempts: 2,
                lastError: nil, targetID: id
            ),
        ])
        #expect(try database.history(limit: 2).map(\.postID) == ["failed", "cancelled"])
    }

    @Test func eventsOfOnePostAreItsOwnOldestFirst() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        try database.acceptFixed(makePost("p2", targets: [target("brand", at: 5)]), now: When.at(1))
        let claim = try database.mustClaim(try database.targetID("p1", "brand"), now: When.at(2))
        try database.record(claim, result: .published(remoteID: "r1"), now: When.at(3))
        try database.recordEvent(at: When.at(4), postID: nil, account: nil, event: "rejected", message: "x.post")

        let events = try database.events(postID: "p1")
        #expect(events.map(\.event) == ["accepted", "scheduled", "published"])
        #expect(events.map(\.at) == [When.t0, When.t0, When.at(3)])
        #expect(events.allSatisfy { $0.postID == "p1" })
        #expect(try database.events(postID: "p1", limit: 2).map(\.event) == ["accepted", "scheduled"])
        #expect(try database.events(postID: "unknown").isEmpty)
    }

    @Test func allEventsAreTheNewestUpToTheLimitInChronologicalOrder() throws {
        try database.acceptFixed(makePost("p1", targets: [target("brand", at: 0)]))
        try database.recordEvent(at: When.at(1), postID: nil, account: nil, event: "rejected", message: "a.post")
        try database.recordEvent(at: When.at(2), postID: nil, account: nil, event: "rejected", message: "b.post")

        let all = try database.events()
        #expect(all.map(\.event) == ["accepted", "scheduled", "rejected", "rejected"])
        let newest = try database.events(limit: 2)
        #expect(newest.map(\.message) == ["a.post", "b.post"])
    }
}
