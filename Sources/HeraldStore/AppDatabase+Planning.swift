import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    /// Re-plans the waiting posts of `accounts` (every planned account when nil; `herald cancel`, `herald learn`)
    /// in one transaction and returns the posts that moved. Posts that no longer fit (the config changed under
    /// them) keep their time; a provisional post the plan has no room for stays provisional, for the daemon to
    /// settle (see `settle`).
    public func replan(
        _ context: PlanningContext, accounts: Set<String>? = nil, now: Date
    ) throws(StoreError) -> [PlanChange] {
        try transaction { db in try replan(db, context: context, accounts: accounts, now: now).changes }
    }

    /// The result of one re-plan inside a transaction.
    struct ReplanResult {
        /// Posts that had an instant and moved.
        var changes: [PlanChange] = []
        /// Provisional targets the planner found no instant for, with their post, account and the reason.
        var unplaced: [Int64: (postID: String, account: String, outcome: PlannedPlacement.Outcome)] = [:]
        /// Where each provisional target went (`from` nil).
        var placed: [Int64: PlanChange] = [:]
    }

    /// Re-plans the waiting posts of `accounts` (all planned accounts when nil).
    ///
    /// Requests are the targets that are scheduled, not fixed by `At:` and never attempted, in acceptance order (so
    /// equal posts keep their order from one plan to the next). Provisional targets (accepted at the end of their
    /// window, see `acceptAll`) are planned as new and lose the mark once placed; every other request carries its
    /// current instant, so the planner keeps those due within `freeze`. Everything else the account has scheduled,
    /// in flight or published in the last two days is fixed around. Held posts are not: they wait at the end of
    /// their window and are planned when approved (see `decide`).
    func replan(
        _ db: StoreConnection, context: PlanningContext, accounts: Set<String>?, now: Date
    ) throws -> ReplanResult {
        let planned = context.accounts.filter { accounts?.contains($0.account.name) ?? true }
        guard !planned.isEmpty else { return ReplanResult() }
        let inputs = try planningInputs(db, accounts: planned, horizon: context.planner.horizon, now: now)
        var result = ReplanResult()
        let placements = context.planner.plan(posts: inputs.requests, accounts: planned, fixed: inputs.fixed,
                                              now: now)
        for (row, placement) in zip(inputs.rows, placements) {
            guard let instant = placement.at, placement.outcome == .planned || placement.outcome == .frozen else {
                if row.provisional {
                    result.unplaced[row.id] = (placement.postID, placement.account, placement.outcome)
                }
                continue
            }
            let seconds = instant.timeIntervalSince1970
            guard row.provisional || seconds != row.at else { continue }
            try db.execute(
                sql: "UPDATE targets SET scheduled_at = ?, next_attempt_at = ?, provisional = 0 WHERE id = ?",
                arguments: [seconds, seconds, row.id], cached: true
            )
            let reach = placement.reach ?? 0
            let change = PlanChange(
                targetID: row.id, postID: placement.postID, account: placement.account,
                from: row.provisional ? nil : Date(timeIntervalSince1970: row.at), to: instant, reach: reach
            )
            let message = row.provisional
                ? "scheduled for \(RFC3339.string(from: instant)) by the planner (reach \(Self.format(reach)))"
                : "re-planned from \(RFC3339.string(from: change.from!)) to \(RFC3339.string(from: instant)) "
                    + "(reach \(Self.format(reach)))"
            try insertEvent(db, at: now, postID: placement.postID, account: placement.account, event: "scheduled",
                            message: message)
            if row.provisional { result.placed[row.id] = change } else { result.changes.append(change) }
        }
        return result
    }

    /// What the planner works from for `accounts`: the requests (with their target ids, current instants and
    /// whether they are provisional) and the fixed statuses. See ``replan(_:context:accounts:now:)``.
    func planningInputs(
        _ db: StoreConnection, accounts: [PlanningAccount], horizon: TimeInterval, now: Date
    ) throws -> (requests: [PlanRequest], rows: [(id: Int64, at: Double, provisional: Bool)], fixed: [FixedStatus]) {
        var requests: [PlanRequest] = []
        var rows: [(id: Int64, at: Double, provisional: Bool)] = []
        var fixed: [FixedStatus] = []
        for entry in accounts {
            let name = entry.account.name
            try db.forEach(
                sql: """
                    SELECT t.id, t.post_id, t.fixed, t.state, t.attempts, t.scheduled_at, t.not_before, t.not_after,
                           t.provisional, p.accepted_at
                    FROM targets t JOIN posts p ON p.id = t.post_id
                    WHERE t.account = ? AND t.state IN ('scheduled', 'publishing', 'published') AND t.scheduled_at >= ?
                    ORDER BY t.id
                    """,
                arguments: [name, now.timeIntervalSince1970 - 2 * 86_400]
            ) { row in
                let id: Int64 = row["id"]
                let at: Double = row["scheduled_at"]
                let isRequest = (row["fixed"] as Bool) == false && (row["state"] as String) == "scheduled"
                    && (row["attempts"] as Int) == 0
                guard isRequest else {
                    fixed.append(FixedStatus(account: name, at: Date(timeIntervalSince1970: at)))
                    return
                }
                // The default window ends `horizon` after the post arrived (or after its Not-Before), not after
                // each re-plan's `now`: a window sliding with the clock could keep moving a post later forever.
                let notBefore: Double? = row["not_before"]
                let anchor = max(row["accepted_at"] as Double, notBefore ?? -.infinity)
                let end = min(row["not_after"] as Double? ?? .infinity, anchor + horizon)
                let provisional: Bool = row["provisional"]
                requests.append(PlanRequest(
                    postID: row["post_id"], account: name,
                    notBefore: notBefore.map(Date.init(timeIntervalSince1970:)),
                    notAfter: Date(timeIntervalSince1970: end),
                    scheduledAt: provisional ? nil : Date(timeIntervalSince1970: at)
                ))
                rows.append((id, at, provisional))
            }
        }
        return (requests, rows, fixed)
    }

    /// The planner's inputs as the queue stands, without changing anything (`herald plan` adds its files' requests
    /// after these).
    public func planningInputs(
        _ context: PlanningContext, now: Date
    ) throws(StoreError) -> (requests: [PlanRequest], fixed: [FixedStatus]) {
        try read { db in
            let inputs = try planningInputs(db, accounts: context.accounts, horizon: context.planner.horizon,
                                            now: now)
            return (inputs.requests, inputs.fixed)
        }
    }

    static func format(_ reach: Double) -> String { String(format: "%.3f", reach) }

    /// Removes a post this transaction inserted and found no room for, with everything that hangs off it.
    func withdraw(_ db: StoreConnection, postID: String) throws {
        try db.execute(sql: "DELETE FROM events WHERE post_id = ?", arguments: [postID])
        try db.execute(sql: "DELETE FROM targets WHERE post_id = ?", arguments: [postID])
        try db.execute(sql: "DELETE FROM post_parts WHERE post_id = ?", arguments: [postID])
        try db.execute(sql: "DELETE FROM posts WHERE id = ?", arguments: [postID])
    }

    // MARK: Learned curves

    /// Stores the curve `herald learn` fitted for an account, replacing any earlier one.
    public func saveLearnedCurve(account: String, curve: ActivityCurve, posts: Int, now: Date) throws(StoreError) {
        try transaction { db in
            try db.execute(
                // `curve` (the CSV of v4) stays empty: the typed `activity` is what is read.
                sql: """
                    INSERT INTO learned_curves (account, curve, activity, posts, learned_at) VALUES (?, '', ?, ?, ?)
                    ON CONFLICT(account) DO UPDATE SET curve = '', activity = excluded.activity,
                        posts = excluded.posts, learned_at = excluded.learned_at
                    """,
                arguments: [account, curve.storedBytes, posts, now.timeIntervalSince1970]
            )
        }
    }

    /// Forgets an account's learned curve; false when it had none.
    public func resetLearnedCurve(account: String) throws(StoreError) -> Bool {
        try transaction { db in
            try db.executeCounting(sql: "DELETE FROM learned_curves WHERE account = ?", arguments: [account]) > 0
        }
    }

    /// Every learned curve, by account, and the accounts whose stored curve is damaged (never silently dropped:
    /// the daemon shows them in `STATUS=`, `herald audience` says so).
    public func learnedCurves() throws(StoreError) -> LearnedCurves {
        try read { db in
            var learned = LearnedCurves()
            for row in try db.fetchAll(sql: "SELECT account, activity FROM learned_curves") {
                let account: String = row["account"]
                switch ActivityCurve.decoding(stored: row["activity"]) {
                case .success(let curve): learned.curves[account] = curve
                case .failure(let problem): learned.problems[account] = problem
                }
            }
            return learned
        }
    }

    /// The planning context for `config`: its planned accounts, with the usable learned curves stored here.
    public func planningContext(_ config: HeraldConfiguration) throws(StoreError) -> PlanningContext {
        PlanningContext(planner: config.daemon.planner,
                        accounts: config.planningAccounts(learned: try learnedCurves().curves))
    }
}
