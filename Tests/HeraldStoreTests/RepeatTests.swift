import Foundation
import GRDB
import HeraldCore
import Testing

@testable import HeraldStore

/// Repeating posts in the store (issue 14): each publication queues the next occurrence in the transaction that
/// records it; caps, cancellation, crashes, the slot queue and the planner.
@Suite struct RepeatTests {
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let brand = Account(name: "brand", timeZone: newYork)
    static let context = OccurrenceContext(account: brand, horizon: 2 * 86_400)
    static let day: TimeInterval = 86_400

    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    func repeating(
        _ id: String, _ rule: RepeatRule, at minutes: Double? = 0, notBefore: Date? = nil, notAfter: Date? = nil,
        submitterID: String? = nil
    ) -> NewPost {
        let gated = gatedTarget("brand", at: minutes.map(When.at), notBefore: notBefore, notAfter: notAfter)
        var post = makePost(id, targets: [gated], submitterID: submitterID)
        post.repeatRule = rule
        return post
    }

    /// The one waiting target of a post.
    func waiting(_ postID: String) throws -> QueueEntry {
        let entries = try database.queue().filter { $0.postID == postID }
        try #require(entries.count == 1, "expected one waiting occurrence, found \(entries.count)")
        return entries[0]
    }

    /// Claims the post's waiting occurrence at its time and records it published then.
    @discardableResult
    func publish(_ postID: String, database: AppDatabase? = nil, delay: TimeInterval = 30) throws
        -> OccurrenceOutcome?
    {
        let database = database ?? self.database
        let entry = try waiting(postID)
        let now = entry.scheduledAt.addingTimeInterval(delay)
        let claim = try database.mustClaim(entry.targetID, now: now)
        return try database.record(claim, result: .published(remoteID: "r\(entry.targetID)"), now: now,
                                   occurrences: Self.context)
    }

    @Test func aFixedSeriesRunsToItsCountAtItsNominalTimes() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 3)
        try database.acceptFixed(repeating("p", rule, submitterID: "weekly-tip"))
        #expect(try waiting("p").series == SeriesInfo(every: rule.every, occurrence: 1, count: 3, until: nil))

        let second = try publish("p")
        guard case let .queued(next)? = second else {
            Issue.record("expected the second occurrence, got \(String(describing: second))")
            return
        }
        #expect(next.occurrence == 2 && next.count == 3 && !next.provisional)
        #expect(next.nominal == When.t0.addingTimeInterval(Self.day) && next.scheduledAt == next.nominal)
        let entry = try waiting("p")
        #expect(entry.targetID == next.targetID && entry.state == .scheduled)
        #expect(entry.series?.occurrence == 2 && entry.series?.summary == "repeats every 1d, 2 of 3")
        let row = try #require(try database.row("SELECT * FROM targets WHERE id = ?", [next.targetID]))
        #expect((row["submitter_id"] as String?) == nil)  // the first occurrence keeps the Id
        #expect(row["fixed"] == true)

        try publish("p")
        #expect(try waiting("p").scheduledAt == When.t0.addingTimeInterval(2 * Self.day))
        #expect(try publish("p") == .ended(postID: "p", account: "brand", reason: "all 3 occurrences published"))
        #expect(try database.queue().isEmpty)
        let history = try database.history().filter { $0.postID == "p" }
        #expect(history.map(\.state) == [.published, .published, .published])
        #expect(history.compactMap(\.series?.occurrence).sorted() == [1, 2, 3])
        #expect(try database.count("statuses") == 3)
        let scheduledEvents = try database.events(postID: "p").filter { $0.event == "scheduled" }
        #expect(scheduledEvents.count == 3)  // the first at accept, then one per queued occurrence
        #expect(try database.eventKinds("p").last == "series-ended")
    }

    @Test func aFixedDailySeriesKeepsItsLocalTimeAcrossSpringForward() throws {
        // 09:00 EST on 13 March 2027; the next day is 09:00 EDT, 23 hours later.
        let start = Date(timeIntervalSince1970: 1_804_946_400)  // 2027-03-13T14:00:00Z
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 2)
        var post = makePost("dst", targets: [gatedTarget("brand", at: start)])
        post.repeatRule = rule
        try database.acceptFixed(post, now: start.addingTimeInterval(-3600))
        try publish("dst")
        #expect(try waiting("dst").scheduledAt == start.addingTimeInterval(23 * 3600))
    }

    @Test func theNextOccurrenceIsPartOfTheTransactionThatRecordsThePublication() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!,
                              until: .instant(When.t0.addingTimeInterval(10 * Self.day)))
        try database.acceptFixed(repeating("p", rule))
        let claim = try database.mustClaim(try waiting("p").targetID, now: When.at(0))
        // A rule the store cannot read makes queueing the next occurrence fail: the publication is not recorded
        // either (the attempt stays in flight for recovery), so the two can never be split.
        try database.transaction { db in
            try db.execute(sql: "UPDATE posts SET repeat_until = 'garbage' WHERE id = 'p'")
        }
        #expect(throws: StoreError.self) {
            try database.record(claim, result: .published(remoteID: "r1"), now: When.at(1), occurrences: Self.context)
        }
        #expect(try database.count("statuses") == 0)
        #expect(try database.state(claim.targetID) == .publishing)
        #expect(try database.inFlight().map(\.attemptID) == [claim.attemptID])
        #expect(try database.count("targets") == 1)
    }

    @Test func aCrashAfterThePublicationNeitherLosesNorDoublesTheNextOccurrence() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 7, unit: .day)!, count: 4)
        try database.acceptFixed(repeating("p", rule))
        let claim = try database.mustClaim(try waiting("p").targetID, now: When.at(0))
        // The daemon dies with the attempt in flight; the next process finds it and records it published.
        let reopened = try scratch.open()
        let recovered = try #require(try reopened.inFlight().first)
        #expect(recovered == claim)
        try reopened.record(recovered, result: .published(remoteID: "r1"), now: When.at(1), occurrences: Self.context)
        // And dies again right after: nothing is left in flight, and exactly one next occurrence waits.
        let again = try scratch.open()
        #expect(try again.inFlight().isEmpty)
        let entries = try again.queue()
        #expect(entries.count == 1)
        #expect(entries.first?.series?.occurrence == 2)
        #expect(entries.first?.scheduledAt == When.t0.addingTimeInterval(7 * Self.day))
        #expect(try again.count("targets") == 2)
    }

    @Test func cancellingMidSeriesStopsIt() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 5)
        try database.acceptFixed(repeating("p", rule))
        try publish("p")
        try publish("p")
        #expect(try waiting("p").series?.occurrence == 3)
        #expect(try database.cancel(postID: "p", now: When.at(60)) == .cancelled(accounts: ["brand"]))
        #expect(try database.queue().isEmpty)
        #expect(try database.cancel(postID: "p", now: When.at(61)) == .alreadyFinished(state: ["brand": .cancelled]))
        #expect(try database.count("targets") == 3)
        #expect(try database.history().filter { $0.postID == "p" }.map(\.state).sorted { $0.rawValue < $1.rawValue }
                == [.cancelled, .published, .published])
    }

    @Test func cancellingWhileAnOccurrenceIsInFlightIsRefusedAndThenStopsTheNextOne() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!)
        try database.acceptFixed(repeating("p", rule))
        let entry = try waiting("p")
        let claim = try database.mustClaim(entry.targetID, now: entry.scheduledAt)
        #expect(try database.cancel(postID: "p", now: When.at(1)) == .busy(account: "brand"))
        try database.record(claim, result: .published(remoteID: "r1"), now: When.at(1), occurrences: Self.context)
        #expect(try database.cancel(postID: "p", now: When.at(2)) == .cancelled(accounts: ["brand"]))
        #expect(try database.queue().isEmpty)
    }

    @Test func aCancelledSeriesIsNeverQueuedAgain() throws {
        // A series with an occurrence cancelled and another recorded published afterwards (two occurrences waiting
        // at once never happens through the daemon; this is the guard behind `herald cancel`).
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!)
        try database.acceptFixed(repeating("p", rule))
        let claim = try database.mustClaim(try waiting("p").targetID, now: When.at(0))
        try database.transaction { db in
            try db.execute(sql: """
                INSERT INTO targets (post_id, account, state, fixed, scheduled_at, next_attempt_at, parts_total,
                                     occurrence, repeat_step)
                VALUES ('p', 'brand', 'cancelled', 1, ?, ?, 1, 2, 1)
                """, arguments: [When.at(1440).timeIntervalSince1970, When.at(1440).timeIntervalSince1970])
        }
        let outcome = try database.record(claim, result: .published(remoteID: "r1"), now: When.at(1),
                                          occurrences: Self.context)
        #expect(outcome == .ended(postID: "p", account: "brand", reason: "an occurrence was cancelled"))
        #expect(try database.queue().isEmpty)
    }

    @Test func aFailedOccurrenceEndsTheSeries() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 5)
        try database.acceptFixed(repeating("p", rule))
        let claim = try database.mustClaim(try waiting("p").targetID, now: When.at(0))
        let outcome = try database.record(claim, result: .permanent(reason: "HTTP 403 duplicate"), now: When.at(1),
                                          occurrences: Self.context)
        #expect(outcome == nil)
        #expect(try database.queue().isEmpty)
        #expect(try database.events(postID: "p").last?.message == "HTTP 403 duplicate; its series (every 1d) ends")
    }

    @Test func aMissedOccurrenceFailedByOnMissedIsDroppedButTheSeriesGoesOn() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 3)
        try database.acceptFixed(repeating("p", rule))
        try publish("p")
        let second = try waiting("p")
        // The daemon was down for two and a half days: occurrence 2 missed its time and is failed.
        let now = second.scheduledAt.addingTimeInterval(2.5 * Self.day)
        let outcome = try database.markMissed(targetID: second.targetID, fail: true, now: now,
                                              occurrences: Self.context)
        guard case let .queued(next)? = outcome else {
            Issue.record("expected a queued occurrence, got \(String(describing: outcome))")
            return
        }
        // Still the second publication, at the first nominal time after now (steps already past are skipped).
        #expect(next.occurrence == 2)
        #expect(next.nominal == When.t0.addingTimeInterval(4 * Self.day))
        #expect(try database.state(second.targetID) == .failed)
        #expect(try waiting("p").series?.summary == "repeats every 1d, 2 of 3")
    }

    /// Notifications tell occurrences apart (v14): a failed occurrence is one `failed` at its own time, and a later
    /// occurrence missed and moved (or published late) is no failure, even though an earlier one failed.
    @Test func aFailedOccurrenceNotifiesOnceAtItsOwnTimeAndALaterMissIsNoFailure() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 4)
        try database.acceptFixed(repeating("p", rule))
        try publish("p")
        let second = try waiting("p")
        let now = second.scheduledAt.addingTimeInterval(2.5 * Self.day)
        try database.markMissed(targetID: second.targetID, fail: true, now: now, occurrences: Self.context)
        let third = try waiting("p")
        try database.markMissed(targetID: third.targetID, fail: false, now: third.scheduledAt.addingTimeInterval(60),
                                occurrences: Self.context)
        let failed = try database.rows("SELECT scheduled_at FROM notifications WHERE event = 'failed'")
        #expect(failed.count == 1)
        #expect(failed.first?["scheduled_at"] == second.scheduledAt.timeIntervalSince1970)
    }

    /// Each occurrence is a status of its own to the networks: its idempotency key differs from the first one's
    /// (Bluesky's record key and Threads' and Mastodon's replay come from it), while the first keeps the plain key.
    @Test func everyOccurrenceHasItsOwnIdempotencyKey() throws {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 3)
        try database.acceptFixed(repeating("p", rule))
        let first = try waiting("p")
        let firstClaim = try database.mustClaim(first.targetID, now: first.scheduledAt)
        #expect(firstClaim.idempotencyKey == "p.brand.0")
        try database.record(firstClaim, result: .published(remoteID: "r1"), now: first.scheduledAt,
                            occurrences: Self.context)
        let second = try waiting("p")
        let secondClaim = try database.mustClaim(second.targetID, now: second.scheduledAt)
        #expect(secondClaim.idempotencyKey == "p.brand.0.t\(second.targetID)")
    }

    @Test func untilEndsTheSeries() throws {
        let until = When.t0.addingTimeInterval(Self.day + 60)
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, until: .instant(until))
        try database.acceptFixed(repeating("p", rule))
        try publish("p")
        #expect(try waiting("p").series?.until == RFC3339.string(from: until))
        #expect(try publish("p") == .ended(
            postID: "p", account: "brand",
            reason: "the next occurrence would be after Repeat-Until (\(RFC3339.string(from: until)))"))
    }

    @Test func aWindowMovesWithTheSeries() throws {
        let notBefore = When.at(0)
        let notAfter = When.at(240)
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .week)!, count: 2)
        let slotted = Account(name: "brand", timeZone: Self.newYork)  // no slots: the earliest free moment
        let post = repeating("w", rule, at: nil, notBefore: notBefore, notAfter: notAfter)
        _ = try database.accept(post, now: When.t0) { target, occupied in
            QueuePlanner.nextSlot(for: slotted, notBefore: target.notBefore!, notAfter: target.notAfter,
                                  occupied: occupied)
        }
        try publish("w", delay: 0)
        let row = try #require(try database.row("SELECT * FROM targets WHERE post_id = 'w' AND occurrence = 2"))
        #expect(row["not_before"] == notBefore.addingTimeInterval(7 * Self.day).timeIntervalSince1970)
        #expect(row["not_after"] == notAfter.addingTimeInterval(7 * Self.day).timeIntervalSince1970)
        #expect(row["scheduled_at"] == notBefore.addingTimeInterval(7 * Self.day).timeIntervalSince1970)
        #expect(row["fixed"] == false)
    }

    @Test func withoutATimeTheNextOccurrenceTakesTheNextFreeSlotFromItsNominalTime() throws {
        // Slots at 09:00 New York; the first occurrence took 24 Nov 09:00 (14:00Z), the day after t0.
        let account = Account(name: "brand", timeZone: Self.newYork, slots: [ClockTime(hour: 9, minute: 0)])
        let context = OccurrenceContext(account: account, horizon: 2 * Self.day)
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!)
        let post = repeating("s", rule, at: nil)
        _ = try database.accept(post, now: When.t0.addingTimeInterval(60)) { target, occupied in
            QueuePlanner.nextSlot(for: account, notBefore: When.t0.addingTimeInterval(60), notAfter: nil,
                                  occupied: occupied)
        }
        let first = try waiting("s")
        #expect(first.scheduledAt == When.t0.addingTimeInterval(Self.day))
        // Another post takes the slot the next occurrence would have had: it goes to the one after.
        try database.acceptFixed(makePost("other", targets: [gatedTarget("brand", at: first.scheduledAt
            .addingTimeInterval(Self.day))]))
        let claim = try database.mustClaim(first.targetID, now: first.scheduledAt)
        let outcome = try database.record(claim, result: .published(remoteID: "r1"), now: first.scheduledAt,
                                          occurrences: context)
        guard case let .queued(next)? = outcome else {
            Issue.record("expected a queued occurrence, got \(String(describing: outcome))")
            return
        }
        #expect(next.nominal == first.scheduledAt.addingTimeInterval(Self.day))
        #expect(next.scheduledAt == first.scheduledAt.addingTimeInterval(2 * Self.day))
    }

    @Test func onAPlannedAccountTheNextOccurrenceIsSettledByThePlanner() throws {
        let planned = PlanningTests.account
        let context = OccurrenceContext(account: planned, horizon: PlanningTests.context.planner.horizon)
        let rule = RepeatRule(every: RepeatInterval(amount: 3, unit: .day)!, count: 2)
        var post = makePost("r", targets: [target("brand")])
        post.repeatRule = rule
        let accepted = try database.acceptAll([post], now: When.t0, planning: PlanningTests.context,
                                              place: mustNotPlace)
        guard case let .accepted(scheduled) = accepted.outcomes[0] else {
            Issue.record("expected the post to be accepted")
            return
        }
        let first = try waiting("r")
        #expect(first.scheduledAt == scheduled[0] && !first.provisional)
        let claim = try database.mustClaim(first.targetID, now: first.scheduledAt)
        let outcome = try database.record(claim, result: .published(remoteID: "r1"), now: first.scheduledAt,
                                          occurrences: context)
        guard case let .queued(next)? = outcome else {
            Issue.record("expected a queued occurrence, got \(String(describing: outcome))")
            return
        }
        // Provisional at the end of a window that starts at the nominal time, as a planned post under load.
        let nominal = first.scheduledAt.addingTimeInterval(3 * Self.day)
        #expect(next.provisional && next.nominal == nominal)
        #expect(next.scheduledAt == nominal.addingTimeInterval(context.horizon))
        #expect(try database.hasProvisional(account: "brand"))
        #expect(try database.provisionalAccounts() == ["brand"])

        let settled = try database.settle(PlanningTests.context, accounts: ["brand"], now: first.scheduledAt)
        #expect(settled.placed.map(\.postID) == ["r"])
        let placed = try waiting("r")
        #expect(!placed.provisional)
        #expect(try !database.hasProvisional(account: "brand"))
        #expect(placed.scheduledAt >= nominal && placed.scheduledAt <= nominal.addingTimeInterval(context.horizon))
        #expect(placed.series?.occurrence == 2)
    }

    /// The planner's window for a daily occurrence ends before the next one is due, not a horizon (a week) later.
    @Test func aPlannedOccurrenceStaysBeforeTheNextOne() throws {
        let context = OccurrenceContext(account: PlanningTests.account, horizon: 7 * Self.day)
        var post = makePost("d", targets: [target("brand")])
        post.repeatRule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!)
        _ = try database.acceptAll([post], now: When.t0, planning: PlanningTests.context, place: mustNotPlace)
        let first = try waiting("d")
        let claim = try database.mustClaim(first.targetID, now: first.scheduledAt)
        let outcome = try database.record(claim, result: .published(remoteID: "r1"), now: first.scheduledAt,
                                          occurrences: context)
        guard case let .queued(next)? = outcome else {
            Issue.record("expected a queued occurrence, got \(String(describing: outcome))")
            return
        }
        let nominal = first.scheduledAt.addingTimeInterval(Self.day)
        #expect(next.nominal == nominal)
        #expect(next.scheduledAt == nominal.addingTimeInterval(Self.day - 1))
    }

    @Test func aPostWithoutARuleQueuesNothing() throws {
        try database.acceptFixed(makePost("once", targets: [target("brand", at: 0)]))
        #expect(try publish("once") == nil)
        #expect(try database.queue().isEmpty)
        #expect(try database.history().first?.series == nil)
    }
}
