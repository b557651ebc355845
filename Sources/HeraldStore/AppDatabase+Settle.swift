import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    /// Settles planned accounts in one transaction (the daemon's deferred re-plan, see `PlanPacer`): re-plans them,
    /// placing their provisional posts; a provisional post with no room is withdrawn and returned for `rejected/`
    /// (or, when another account already published it, that target fails), and the accounts it touched are
    /// re-planned without it. Accounts the context does not plan (an audience removed since) lose their marks:
    /// their provisional posts keep the end of their window.
    public func settle(_ context: PlanningContext, accounts: Set<String>, now: Date) throws(StoreError)
        -> SettleOutcome
    {
        try transaction { db in try settle(db, context: context, accounts: accounts, now: now, batch: []).outcome }
    }

    /// The accounts with provisional posts (marked again at start: a stop may have come before they settled).
    public func provisionalAccounts() throws(StoreError) -> Set<String> {
        try read { db in
            Set(try db.fetchValues(String.self, sql: "SELECT DISTINCT account FROM targets WHERE provisional = 1"))
        }
    }

    /// One settle inside a transaction. Posts of `batch` (being accepted by this transaction) are withdrawn
    /// without being returned: their files are still in `incoming/`, and their `unplaced` entry says why.
    func settle(
        _ db: StoreConnection, context: PlanningContext, accounts: Set<String>, now: Date, batch: Set<String>
    ) throws -> (outcome: SettleOutcome, placed: [Int64: PlanChange], unplaced: [String: String]) {
        var outcome = SettleOutcome()
        var moved: [Int64: PlanChange] = [:]
        var placed: [Int64: PlanChange] = [:]
        var unplaced: [String: String] = [:]  // post of `batch` → the account with no room
        var gone: Set<String> = []  // posts withdrawn
        var pending = accounts
        var settled: Set<String> = []
        while !pending.isEmpty {
            settled.formUnion(pending)
            let result = try replan(db, context: context, accounts: pending, now: now)
            for change in result.changes {
                // A post moved twice (a new post came, then was withdrawn) reports where it was before.
                var merged = change
                if let earlier = moved[change.targetID] { merged.from = earlier.from }
                moved[change.targetID] = merged
            }
            placed.merge(result.placed) { $1 }
            pending = []
            for (targetID, miss) in result.unplaced.sorted(by: { $0.key < $1.key }) where !gone.contains(miss.postID) {
                let named = try db.fetchValues(
                    String.self, sql: "SELECT account FROM targets WHERE post_id = ? ORDER BY id",
                    arguments: [miss.postID]
                )
                if batch.contains(miss.postID) {
                    unplaced[miss.postID] = miss.account
                } else if try isUntouched(db, postID: miss.postID) {
                    outcome.withdrawn.append(try withdrawn(db, postID: miss.postID, account: miss.account,
                                                           accounts: named))
                } else {
                    try failUnplaced(db, targetID: targetID, postID: miss.postID, account: miss.account, now: now)
                    outcome.failed.append(try withdrawn(db, postID: miss.postID, account: miss.account,
                                                        accounts: named))
                    continue
                }
                gone.insert(miss.postID)
                try withdraw(db, postID: miss.postID)
                pending.formUnion(named.filter(context.plans))
            }
        }
        // What is still marked in these accounts is no request any more (published at its window's end,
        // cancelled) or belongs to an account no longer planned: nothing to settle.
        for account in settled {  // every account of `accounts`, and those a withdrawal touched
            try db.execute(sql: "UPDATE targets SET provisional = 0 WHERE account = ? AND provisional = 1",
                           arguments: [account])
        }
        placed = placed.filter { !gone.contains($0.value.postID) }
        outcome.moved = moved.values.filter { !gone.contains($0.postID) && $0.from != $0.to }
            .sorted { $0.targetID < $1.targetID }
        outcome.placed = placed.values.filter { !batch.contains($0.postID) }.sorted { $0.targetID < $1.targetID }
        return (outcome, placed, unplaced)
    }

    /// Whether no target of a post has been attempted or decided yet: withdrawing it loses nothing.
    private func isUntouched(_ db: StoreConnection, postID: String) throws -> Bool {
        try db.fetchValue(
            Int.self,
            sql: """
                SELECT COUNT(*) FROM targets WHERE post_id = ?
                AND (attempts > 0 OR parts_done > 0 OR state NOT IN ('scheduled', 'held', 'rejected'))
                """,
            arguments: [postID]
        ) == 0
    }

    private func withdrawn(_ db: StoreConnection, postID: String, account: String, accounts: [String]) throws
        -> WithdrawnPost
    {
        let row = try db.fetchOne(sql: "SELECT file_name, content FROM posts WHERE id = ?", arguments: [postID])
        return WithdrawnPost(postID: postID, account: account, fileName: row?["file_name"] ?? "",
                             content: Array((row?["content"] as Data?) ?? Data()), accounts: accounts)
    }

    private func failUnplaced(
        _ db: StoreConnection, targetID: Int64, postID: String, account: String, now: Date
    ) throws {
        let reason = Self.noRoomReason(account: account, planned: true)
        try db.execute(
            sql: """
                UPDATE targets SET state = 'failed', provisional = 0, last_error = ?, finished_at = ? WHERE id = ?
                """,
            arguments: [reason, now.timeIntervalSince1970, targetID]
        )
        try insertEvent(db, at: now, postID: postID, account: account, event: "failed", message: reason)
    }

    /// Why a post found no place on an account, for `rejected/NAME.error`, the journal and the events.
    public static func noRoomReason(account: String, planned: Bool) -> String {
        planned
            ? "no instant for account \(account) within the post's window (quiet hours, min_gap and max_per_day "
                + "leave none)"
            : "no free queue slot for account \(account) within the post's window"
    }
}
