import Foundation
import HeraldCore
import Testing

@testable import HeraldStore

/// What the database remembers of feeds: seen identities, validators, priming, and forgetting items long gone.
@Suite struct FeedStoreTests {
    @Test func aPollIsRememberedAcrossOpens() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        #expect(try database.feed(named: "blog") == nil)
        try database.recordFeedPoll(feed: "blog", source: "https://x.example/f", reprime: true, seen: ["a", "b"],
                                    present: ["a", "b"], etag: "\"v1\"", lastModified: "Tue, 01 Dec 2026 10:00:00 GMT",
                                    now: When.t0)
        let reopened = try scratch.open()
        #expect(try reopened.feed(named: "blog") == FeedRecord(
            name: "blog", source: "https://x.example/f", etag: "\"v1\"", lastModified: "Tue, 01 Dec 2026 10:00:00 GMT",
            primedAt: When.t0, polledAt: When.t0))
        #expect(try reopened.seenFeedItems(feed: "blog", among: ["a", "c", "b"]) == ["a", "b"])
        #expect(try reopened.seenFeedItems(feed: "news", among: ["a"]).isEmpty)
    }

    @Test func validatorsChangeOnlyWithAFullFetchAndPrimingOnlyWhenAsked() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        try database.recordFeedPoll(feed: "f", source: "s", reprime: true, seen: [], present: [], etag: "1",
                                    lastModified: nil, now: When.t0)
        try database.recordFeedPoll(feed: "f", source: "s", reprime: false, seen: ["x"], present: nil, etag: "2",
                                    lastModified: "L", now: When.at(10))
        var record = try #require(try database.feed(named: "f"))
        #expect(record.etag == "1")
        #expect(record.lastModified == nil)
        #expect(record.primedAt == When.t0)
        #expect(record.polledAt == When.at(10))
        // A full fetch with items still waiting stores no validators: the next fetch must not be a 304.
        try database.recordFeedPoll(feed: "f", source: "s2", reprime: true, seen: [], present: ["x"], etag: nil,
                                    lastModified: nil, now: When.at(20))
        record = try #require(try database.feed(named: "f"))
        #expect(record.etag == nil)
        #expect(record.source == "s2")
        #expect(record.primedAt == When.at(20))
    }

    @Test func itemsGoneForLongAreForgottenButListedOnesNever() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        try database.recordFeedPoll(feed: "f", source: "s", reprime: true, seen: ["kept", "gone"],
                                    present: ["kept", "gone"], etag: nil, lastModified: nil, now: When.t0)
        let later = When.t0.addingTimeInterval(AppDatabase.feedItemMemory + 60)
        // Only 304s for months: nothing is forgotten without a full fetch.
        try database.recordFeedPoll(feed: "f", source: "s", reprime: false, seen: [], present: nil, etag: nil,
                                    lastModified: nil, now: later)
        #expect(try database.seenFeedItems(feed: "f", among: ["kept", "gone"]) == ["kept", "gone"])
        try database.recordFeedPoll(feed: "f", source: "s", reprime: false, seen: [], present: ["kept"], etag: nil,
                                    lastModified: nil, now: later)
        #expect(try database.seenFeedItems(feed: "f", among: ["kept", "gone"]) == ["kept"])
    }

    @Test func failuresAreKeptUntilAPollSucceeds() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        try database.recordFeedFailure(feed: "f", source: "s", reason: "HTTP 404", now: When.t0)
        try database.recordFeedFailure(feed: "f", source: "other", reason: "HTTP 500", now: When.at(1))
        var record = try #require(try database.feed(named: "f"))
        #expect(record == FeedRecord(name: "f", source: "s", lastError: "HTTP 500", failingSince: When.t0))
        #expect(!record.isPrimed(from: "s"))
        try database.recordFeedPoll(feed: "f", source: "s", reprime: true, seen: ["a"], present: ["a"], etag: nil,
                                    lastModified: nil, now: When.at(2))
        record = try #require(try database.feed(named: "f"))
        #expect(record.lastError == nil && record.failingSince == nil)
        #expect(record.isPrimed(from: "s") && !record.isPrimed(from: "other"))
        try database.recordFeedFailure(feed: "g", source: "t", reason: "refused", now: When.at(3))
        #expect(try database.feeds().map { "\($0.name) \($0.seenItems) \($0.lastError ?? "-")" } == [
            "f 1 -", "g 0 refused",
        ])
    }

    @Test func manyIdentitiesAreLookedUpInChunks() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        let guids = (0..<1_200).map { "item-\($0)" }
        try database.recordFeedPoll(feed: "f", source: "s", reprime: true, seen: guids, present: guids, etag: nil,
                                    lastModified: nil, now: When.t0)
        #expect(try database.seenFeedItems(feed: "f", among: guids + ["new"]).count == 1_200)
    }
}
