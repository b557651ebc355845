import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    /// Inserts one target of a post being accepted, in the state its policy verdict gives it: `scheduled`,
    /// `held` (with `hold_until`: its time, or the end of its window) or `rejected` (finished at once), with the
    /// matching event. Returns the new target's id.
    @discardableResult
    func insertTarget(
        _ db: StoreConnection, post: NewPost, target: GatedTarget, instant: Date, now: Date, provisional: Bool = false
    ) throws -> Int64 {
        let state: TargetState = target.rejection != nil ? .rejected : target.hold != nil ? .held : .scheduled
        let holdUntil = state == .held ? (target.notAfter ?? instant).timeIntervalSince1970 : nil
        let id = try db.insertReturningID(
            sql: """
                INSERT INTO targets (post_id, account, submitter_id, state, fixed, scheduled_at, not_before,
                                     not_after, next_attempt_at, parts_total, hold_until, held_reason, last_error,
                                     finished_at, provisional)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                // A target refused here was never accepted: its `Id:` stays free for a corrected resubmission.
                post.id, target.account, state == .rejected ? nil : post.submitterID, state.rawValue, target.at != nil,
                instant.timeIntervalSince1970, target.notBefore?.timeIntervalSince1970,
                target.notAfter?.timeIntervalSince1970, instant.timeIntervalSince1970, post.parts.count,
                holdUntil, target.hold, target.rejection,
                state == .rejected ? now.timeIntervalSince1970 : nil, provisional,
            ], cached: true
        )
        switch state {
        case .rejected:
            try insertEvent(db, at: now, postID: post.id, account: target.account, event: "rejected",
                            message: "rejected by policy: \(target.rejection ?? "")")
        case .held:
            try insertEvent(db, at: now, postID: post.id, account: target.account, event: "held",
                            message: "held for approval (for \(RFC3339.string(from: instant))): \(target.hold ?? "")")
        default:
            guard !provisional else { break }  // the planner's `scheduled` event follows once it is placed
            try insertEvent(db, at: now, postID: post.id, account: target.account, event: "scheduled",
                            message: "scheduled for \(RFC3339.string(from: instant))")
        }
        return id
    }

    func insertPolicyHits(_ db: StoreConnection, postID: String, hits: [PolicyHit]) throws {
        for hit in hits {
            try db.execute(
                sql: """
                    INSERT INTO policy_hits (post_id, account, rule, action, matched, part, line, col, message)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [postID, hit.account, hit.rule.rawValue, hit.action.rawValue, hit.matched, hit.part,
                            hit.line, hit.column, hit.message]
            )
        }
    }

    /// The policy hits recorded for a post, in the order found. A row whose rule or action Herald does not know
    /// is an error naming it, not a hit dropped.
    public func policyHits(postID: String) throws(StoreError) -> [PolicyHit] {
        try read { db in
            try db.fetchAll(sql: "SELECT * FROM policy_hits WHERE post_id = ? ORDER BY id", arguments: [postID])
                .map { row in
                    guard let rule = PolicyRule(rawValue: row["rule"]),
                          let action = PolicyAction(rawValue: row["action"])
                    else {
                        let reason = "policy_hits row \(row["id"] as Int64): unknown rule or action "
                            + "\(row["rule"] as String)/\(row["action"] as String)"
                        throw StoreError.database(path: location, reason: reason)
                    }
                    return PolicyHit(rule: rule, action: action, account: row["account"], matched: row["matched"],
                                     part: row["part"], line: row["line"], column: row["col"], message: row["message"])
                }
        }
    }
}
