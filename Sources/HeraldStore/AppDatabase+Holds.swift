import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    /// Every target of a post with what an approval needs (state, times, the author's uid). Throws
    /// `StoreError.noSuchPost` for an unknown id.
    public func targets(ofPost postID: String) throws(StoreError) -> [HeldTarget] {
        let rows = try read { db in
            try db.fetchAll(
                sql: """
                    SELECT t.id, t.post_id, t.account, t.state, t.scheduled_at, t.hold_until, t.held_reason,
                           p.owner_uid
                    FROM targets t JOIN posts p ON p.id = t.post_id WHERE t.post_id = ? ORDER BY t.id
                    """,
                arguments: [postID]
            )
        }
        guard !rows.isEmpty else { throw .noSuchPost(postID) }
        return rows.map(Self.heldTarget)
    }

    private static func heldTarget(_ row: Row) -> HeldTarget {
        HeldTarget(
            targetID: row["id"], postID: row["post_id"], account: row["account"],
            state: TargetState(rawValue: row["state"]) ?? .failed,
            scheduledAt: Date(timeIntervalSince1970: row["scheduled_at"]),
            holdUntil: (row["hold_until"] as Double?).map(Date.init(timeIntervalSince1970:)),
            ownerUID: UInt32(truncatingIfNeeded: row["owner_uid"] as Int64), heldReason: row["held_reason"]
        )
    }

    /// How many targets wait for an approver (for `STATUS=`).
    public func heldCount() throws(StoreError) -> Int {
        try read { db in
            try db.fetchValue(Int.self, sql: "SELECT n FROM target_counts WHERE state = 'held'", cached: true) ?? 0
        }
    }

    /// The earliest `hold_until` of any held target: the daemon's timer must wake then (plus `max_lateness`).
    public func earliestHoldEnd() throws(StoreError) -> Date? {
        try read { db in
            try db.fetchValue(
                Double.self, sql: "SELECT MIN(hold_until) FROM targets WHERE state = 'held'", cached: true
            )
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Held targets whose `hold_until` is late at `now` by `Lateness.isLate` (the rule approvals use too) become
    /// `expired`, with an `expired` event each, in one transaction. Returns them.
    @discardableResult
    public func expireHeld(now: Date, maxLateness: TimeInterval) throws(StoreError) -> [HeldTarget] {
        let cutoff = Lateness.cutoff(now: now, maxLateness: maxLateness)
        return try transaction { db in
            let rows = try db.fetchAll(
                sql: """
                    SELECT t.id, t.post_id, t.account, t.state, t.scheduled_at, t.hold_until, t.held_reason,
                           p.owner_uid
                    FROM targets t JOIN posts p ON p.id = t.post_id
                    WHERE t.state = 'held' AND t.hold_until <= ? ORDER BY t.hold_until, t.id
                    """,
                arguments: [cutoff.timeIntervalSince1970], cached: true
            )
            let expired = rows.map(Self.heldTarget).filter {
                Lateness.isLate($0.holdUntil ?? $0.scheduledAt, now: now, maxLateness: maxLateness)
            }
            for target in expired {
                let reason = "held and not approved by \(RFC3339.string(from: target.holdUntil ?? target.scheduledAt))"
                try db.execute(
                    sql: """
                        UPDATE targets SET state = 'expired', last_error = ?, finished_at = ?, submitter_id = NULL
                        WHERE id = ?
                        """,
                    arguments: [reason, now.timeIntervalSince1970, target.targetID]
                )
                try insertEvent(db, at: now, postID: target.postID, account: target.account, event: "expired",
                                message: reason)
            }
            return expired.map { var copy = $0; copy.state = .expired; return copy }
        }
    }

    /// Applies an approver's decision to the given targets, each only if it is still `held` (an expiry or a
    /// cancellation that came first wins). Approved targets are scheduled again, due at their time or at `now`
    /// if it has passed; rejected ones end as `rejected` with the approver's reason. Records who decided (name
    /// and uid) in `decisions` and an `approved` / `rejected` event per target. Returns the accounts changed.
    ///
    /// With `planning`, an approved target of a planned account is placed by the planner right away, as a new
    /// post would be (it waited at the end of its window while held); without room it keeps that instant.
    @discardableResult
    public func decide(
        _ decision: HoldDecision, targetIDs: [Int64], by user: String, uid: UInt32, now: Date,
        planning: PlanningContext? = nil
    ) throws(StoreError) -> [String] {
        try transaction { db in
            var changed: [String] = []
            var approved: [Int64] = []
            for targetID in targetIDs {
                guard let row = try db.fetchOne(
                    sql: "SELECT post_id, account, scheduled_at FROM targets WHERE id = ? AND state = 'held'",
                    arguments: [targetID]
                ) else { continue }
                let postID: String = row["post_id"]
                let account: String = row["account"]
                let message: String
                switch decision {
                case .approve:
                    let due = max(row["scheduled_at"] as Double, now.timeIntervalSince1970)
                    try db.execute(
                        sql: "UPDATE targets SET state = 'scheduled', next_attempt_at = ? WHERE id = ?",
                        arguments: [due, targetID]
                    )
                    message = "approved by \(user)"
                    if planning?.plans(account) == true { approved.append(targetID) }
                case let .reject(reason):
                    message = "rejected by \(user): \(reason)"
                    try db.execute(
                        sql: """
                            UPDATE targets SET state = 'rejected', last_error = ?, finished_at = ?,
                                submitter_id = NULL
                            WHERE id = ?
                            """,
                        arguments: [message, now.timeIntervalSince1970, targetID]
                    )
                }
                var reason: String? = nil
                if case let .reject(text) = decision { reason = text }
                try db.execute(
                    sql: """
                        INSERT INTO decisions (post_id, account, decision, by_user, by_uid, reason, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [postID, account, decision.word, user, Int64(uid), reason, now.timeIntervalSince1970]
                )
                try insertEvent(db, at: now, postID: postID, account: account, event: decision.word, message: message)
                changed.append(account)
            }
            if let planning, !approved.isEmpty {
                let accounts = Set(changed.filter(planning.plans))
                // Approved posts are planned as new; one the plan has no room for keeps its time (the end of its
                // window), as before it was held, rather than being withdrawn after an approver released it.
                for id in approved {
                    try db.execute(sql: "UPDATE targets SET provisional = 1 WHERE id = ?", arguments: [id])
                }
                _ = try replan(db, context: planning, accounts: accounts, now: now)
                for id in approved {
                    try db.execute(sql: "UPDATE targets SET provisional = 0 WHERE id = ?", arguments: [id])
                }
            }
            return changed
        }
    }

    /// When a target is next due (its scheduled time, or its next retry), if it is still waiting.
    public func nextAttempt(targetID: Int64) throws(StoreError) -> Date? {
        try read { db in
            try db.fetchValue(
                Double.self, sql: "SELECT next_attempt_at FROM targets WHERE id = ? AND state = 'scheduled'",
                arguments: [targetID]
            ).map(Date.init(timeIntervalSince1970:))
        }
    }
}
