import Foundation
import GRDB
import HeraldCore

/// Repeating posts (issue 14): the series starts at accept; each publication queues the next occurrence in the
/// transaction that records it, so a crash can neither lose nor double one.
extension AppDatabase {
    /// Stores a repeating post's rule and marks its targets as occurrence 1. The anchor (step 0's nominal time) is
    /// the `At:` or the `Not-Before:`; for a post the slot queue or the planner places it stays NULL until the first
    /// occurrence is published, and is then the instant it went out at (see `queueNextOccurrence`).
    func startSeries(_ db: StoreConnection, post: NewPost, rule: RepeatRule) throws {
        try db.execute(
            sql: "UPDATE posts SET repeat_every = ?, repeat_until = ?, repeat_count = ? WHERE id = ?",
            arguments: [rule.every.description, rule.until?.description, rule.count, post.id]
        )
        for target in post.targets {
            let anchor = (target.at ?? target.notBefore)?.timeIntervalSince1970
            try db.execute(
                sql: """
                    UPDATE targets SET occurrence = 1, repeat_step = 0, repeat_anchor = ?, nominal_at = ?
                    WHERE post_id = ? AND account = ?
                    """,
                arguments: [anchor, anchor, post.id, target.account]
            )
        }
    }

    /// After occurrence `claim` of a repeating post was published (inside `record`'s transaction): queues the next
    /// one, or says why the series is over. Nil for a post that does not repeat.
    func queueNextOccurrence(
        _ db: StoreConnection, claim: Claim, now: Date, context: OccurrenceContext
    ) throws -> OccurrenceOutcome? {
        try queueNextOccurrence(db, after: claim.targetID, postID: claim.postID, account: claim.account,
                                published: true, now: now, context: context)
    }

    /// After occurrence `targetID` of a repeating post was published, or failed because it missed its time
    /// (`published` false: `on_missed = "fail"` drops that occurrence, not the series; it does not count as a
    /// publication, so the next one keeps its number).
    ///
    /// The next occurrence is a new target row of the same post (no submitter id: the first keeps it), `scheduled`:
    /// - a post with `At:` keeps to its nominal times (fixed);
    /// - any other post gets a window starting at its nominal time (its own window moved by the same amount, when it
    ///   had one); on an account the planner plans it is inserted provisional, at the end of that window, and the
    ///   daemon settles it like every planned post (`settle`); on another account it takes the next free slot from
    ///   its nominal time (`QueuePlanner`), and with no free slot the series ends.
    ///
    /// Nothing is queued while the series already has a waiting occurrence for the account, or once one of its
    /// occurrences was cancelled: `herald cancel` stops a series for good.
    func queueNextOccurrence(
        _ db: StoreConnection, after targetID: Int64, postID: String, account: String, published: Bool, now: Date,
        context: OccurrenceContext
    ) throws -> OccurrenceOutcome? {
        let claim = (targetID: targetID, postID: postID, account: account)
        guard let row = try db.fetchOne(
            sql: """
                SELECT t.*, p.repeat_every, p.repeat_until, p.repeat_count, p.accepted_at
                FROM targets t JOIN posts p ON p.id = t.post_id WHERE t.id = ?
                """,
            arguments: [claim.targetID]
        ), let every: String = row["repeat_every"], let interval = RepeatInterval(stored: every)
        else { return nil }
        let until = try (row["repeat_until"] as String?).map { text in
            do { return try TimeSpec.parse(text) } catch {
                throw StoreError.database(path: location, reason: "post \(claim.postID): bad repeat_until \(text)")
            }
        }
        let rule = RepeatRule(every: interval, until: until, count: row["repeat_count"])
        let scheduledAt: Double = row["scheduled_at"]
        let anchor = Date(timeIntervalSince1970: row["repeat_anchor"] ?? scheduledAt)
        let step: Int = row["repeat_step"] ?? 0
        let number: Int = row["occurrence"] ?? 1
        let position = RepeatRule.Position(anchor: anchor, step: step, occurrence: published ? number : number - 1)
        let others = try db.fetchOne(
            sql: """
                SELECT SUM(CASE WHEN state IN ('scheduled', 'held', 'publishing') THEN 1 ELSE 0 END) AS waiting,
                       SUM(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled
                FROM targets WHERE post_id = ? AND account = ? AND id != ?
                """,
            arguments: [claim.postID, claim.account, claim.targetID]
        )
        if (others?["waiting"] as Int? ?? 0) > 0 { return nil }
        if (others?["cancelled"] as Int? ?? 0) > 0 {
            return try endSeries(db, claim: claim, rule: rule, reason: "an occurrence was cancelled", now: now)
        }
        let zone = context.account.timeZone
        let occurrence: Int
        let nextStep: Int
        let nominal: Date
        switch rule.next(after: position, now: now, zone: zone) {
        case let .countReached(count):
            return try endSeries(db, claim: claim, rule: rule, reason: "all \(count) occurrences published", now: now)
        case let .untilReached(limit):
            let reason = "the next occurrence would be after Repeat-Until (\(RFC3339.string(from: limit)))"
            return try endSeries(db, claim: claim, rule: rule, reason: reason, now: now)
        case let .occurrence(number, stepped, at):
            (occurrence, nextStep, nominal) = (number, stepped, at)
        }
        // How far this occurrence moves from the last: a window moves with it.
        let previousNominal = interval.advance(anchor, steps: step, in: zone)
        let shift = nominal.timeIntervalSince(previousNominal)
        let fixed: Bool = row["fixed"]
        let notBefore = fixed ? nil : (row["not_before"] as Double?).map { $0 + shift } ?? nominal.timeIntervalSince1970
        let planned = try !fixed && plansOccurrences(db, account: context.account)
        // Placed by the slot queue or the planner, an occurrence stays within Repeat-Until; by the planner, also
        // before the next one's nominal time: its window would otherwise be the planner's whole horizon (a week),
        // and a daily post placed days later would skip the steps it overtook.
        let limit = rule.until?.resolve(now: now, zone: zone).timeIntervalSince1970 ?? .infinity
        let nextNominal = interval.advance(anchor, steps: nextStep + 1, in: zone).timeIntervalSince1970
        let cap = planned ? min(nextNominal - 1, limit) : limit
        let written = (row["not_after"] as Double?).map { $0 + shift }
        let notAfter = fixed ? nil : cap.isFinite ? min(written ?? cap, cap) : written
        let instant: Double
        if fixed {
            instant = nominal.timeIntervalSince1970
        } else if planned {
            // Provisional at the end of its window, as `accept` leaves a planned post: never early.
            let end = notBefore! + context.horizon
            instant = min(notAfter ?? end, end)
        } else if let slot = QueuePlanner.nextSlot(
            for: context.account, notBefore: Date(timeIntervalSince1970: max(notBefore!, now.timeIntervalSince1970)),
            notAfter: notAfter.map(Date.init(timeIntervalSince1970:)),
            occupied: try occupied(db, account: claim.account, now: now)
        ) {
            instant = slot.timeIntervalSince1970
        } else {
            let reason = "no free queue slot for the next occurrence (from \(RFC3339.string(from: nominal)))"
            return try endSeries(db, claim: claim, rule: rule, reason: reason, now: now)
        }
        let id = try db.insertReturningID(
            sql: """
                INSERT INTO targets (post_id, account, submitter_id, state, fixed, scheduled_at, not_before, not_after,
                                     next_attempt_at, parts_total, provisional, occurrence, repeat_step, repeat_anchor,
                                     nominal_at)
                VALUES (?, ?, NULL, 'scheduled', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [claim.postID, claim.account, fixed, instant, notBefore, notAfter, instant, row["parts_total"],
                        planned, occurrence, nextStep, anchor.timeIntervalSince1970, nominal.timeIntervalSince1970]
        )
        let next = NextOccurrence(
            postID: claim.postID, account: claim.account, targetID: id, occurrence: occurrence,
            count: rule.count, nominal: nominal, scheduledAt: Date(timeIntervalSince1970: instant), provisional: planned
        )
        let when = planned
            ? "from \(RFC3339.string(from: nominal)), for the planner to place"
            : "for \(RFC3339.string(from: next.scheduledAt))"
        try insertEvent(db, at: now, postID: claim.postID, account: claim.account, event: "scheduled",
                        message: "occurrence \(occurrence) (\(rule)) scheduled \(when)")
        return .queued(next)
    }

    /// Whether the planner places this account's posts: it has an audience or a learned curve (as
    /// `HeraldConfiguration.planningAccounts` decides; a damaged learned curve does not count there either).
    private func plansOccurrences(_ db: StoreConnection, account: Account) throws -> Bool {
        if account.audience != nil { return true }
        return try db.fetchValue(
            Bool.self, sql: "SELECT activity IS NOT NULL FROM learned_curves WHERE account = ?",
            arguments: [account.name]
        ) ?? false
    }

    private func endSeries(
        _ db: StoreConnection, claim: (targetID: Int64, postID: String, account: String), rule: RepeatRule,
        reason: String, now: Date
    ) throws -> OccurrenceOutcome {
        try insertEvent(db, at: now, postID: claim.postID, account: claim.account, event: "series-ended",
                        message: "series \(rule) ended: \(reason)")
        return .ended(postID: claim.postID, account: claim.account, reason: reason)
    }

    /// Whether `account` has posts waiting for the planner to place them (a planned occurrence just queued).
    public func hasProvisional(account: String) throws(StoreError) -> Bool {
        try read { db in
            try db.fetchValue(
                Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM targets WHERE account = ? AND provisional = 1)",
                arguments: [account]
            ) ?? false
        }
    }
}
