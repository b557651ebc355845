import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    /// The post id under which this exact spool file was accepted, if it was.
    public func postID(forSpoolKey key: String) throws(StoreError) -> String? {
        try read { db in
            try db.fetchValue(String.self, sql: "SELECT id FROM posts WHERE spool_key = ?", arguments: [key])
        }
    }

    /// Commits one validated spool file; see `acceptAll`. A duplicate `Id:` throws `StoreError.duplicateID`.
    public func accept(
        _ post: NewPost, now: Date, place: (GatedTarget, [Date]) -> Date?
    ) throws(StoreError) -> AcceptOutcome {
        let outcome = try acceptAll([post], now: now, place: place)[0]
        if case let .duplicateID(id, account, existing) = outcome {
            throw .duplicateID(id: id, account: account, existingPost: existing)
        }
        return outcome
    }

    /// Commits validated spool files in one transaction (one fsync for a whole inotify batch): for each, the
    /// post, its parts, one scheduled target per account and the `accepted` / `scheduled` events — each post
    /// all or nothing, with its own outcome.
    ///
    /// `place` picks the instant for a target without an explicit `At:`, given the instants already taken on
    /// that account (scheduled, in flight or published since `now` minus two days, including posts earlier in
    /// this batch); it runs inside the transaction, so two files can never be placed in the same slot.
    /// Returning nil means "no room": that post is not committed and its outcome is `.noRoom`.
    public func acceptAll(
        _ posts: [NewPost], now: Date, place: (GatedTarget, [Date]) -> Date?
    ) throws(StoreError) -> [AcceptOutcome] {
        try acceptAll(posts, now: now, planning: nil, place: place).outcomes
    }

    /// ``acceptAll(_:now:place:)`` with the planner: targets without `At:` on an account `planning` plans are
    /// inserted provisional, at the end of their window (never early), and each such account is then settled once
    /// for the whole batch inside the same transaction (see `settle`): a new post the plan finds no room for is
    /// withdrawn (`.noRoom`) and the rest re-planned without it; other posts that moved come back in the result.
    /// With `deferPlanning` the accounts are not re-planned: the new posts stay provisional and their accounts come
    /// back in `deferred`, for the daemon to settle when the pacer lets it (`PlanPacer`).
    public func acceptAll(
        _ posts: [NewPost], now: Date, planning: PlanningContext?, deferPlanning: Bool = false,
        place: (GatedTarget, [Date]) -> Date?
    ) throws(StoreError) -> AcceptResult {
        try transaction { db in
            var outcomes: [AcceptOutcome] = []
            var provisional: [Int: [Int64]] = [:]  // post index → its provisional targets
            var accounts: Set<String> = []
            for (index, post) in posts.enumerated() {
                let (outcome, targets) = try accept(post, in: db, now: now, planning: planning, place: place)
                outcomes.append(outcome)
                guard let planning, !targets.isEmpty else { continue }
                provisional[index] = targets
                accounts.formUnion(post.targets.filter { Self.isPlanned($0, by: planning) }.map(\.account))
            }
            guard let planning, !provisional.isEmpty else { return AcceptResult(outcomes: outcomes) }
            if deferPlanning { return AcceptResult(outcomes: outcomes, deferred: accounts) }
            let started = ContinuousClock.now  // measured, not decided on: the pacer weighs it
            let settled = try settle(db, context: planning, accounts: accounts, now: now,
                                     batch: Set(provisional.keys.map { posts[$0].id }))
            let planningTime = ContinuousClock.now - started
            for (index, targets) in provisional {
                if let account = settled.unplaced[posts[index].id] {
                    outcomes[index] = .noRoom(account: account)
                    continue
                }
                guard case var .accepted(scheduled) = outcomes[index] else { continue }
                var ids = targets.makeIterator()
                for (position, target) in posts[index].targets.enumerated() where Self.isPlanned(target, by: planning) {
                    if let id = ids.next(), let change = settled.placed[id] { scheduled[position] = change.to }
                }
                outcomes[index] = .accepted(scheduled: scheduled)
            }
            var result = AcceptResult(outcomes: outcomes, settled: settled.outcome)
            result.planningTime = planningTime
            return result
        }
    }

    /// Whether the planner places this target once its batch is in: no `At:`, not refused or held by the policy,
    /// on an account it plans.
    public static func isPlanned(_ target: GatedTarget, by planning: PlanningContext) -> Bool {
        target.at == nil && target.rejection == nil && target.hold == nil && planning.plans(target.account)
    }

    /// One post: its outcome and the targets inserted at a provisional instant for the planner.
    private func accept(
        _ post: NewPost, in db: StoreConnection, now: Date, planning: PlanningContext?,
        place: (GatedTarget, [Date]) -> Date?
    ) throws -> (AcceptOutcome, [Int64]) {
        if let existing = try db.fetchValue(
            String.self, sql: "SELECT id FROM posts WHERE spool_key = ?", arguments: [post.spoolKey], cached: true
        ) {
            return (.alreadyAccepted(postID: existing), [])
        }
        if let submitterID = post.submitterID {
            for target in post.targets {
                if let other = try db.fetchValue(
                    String.self, sql: "SELECT post_id FROM targets WHERE account = ? AND submitter_id = ?",
                    arguments: [target.account, submitterID]
                ) {
                    return (.duplicateID(id: submitterID, account: target.account, existingPost: other), [])
                }
            }
        }
        var instants: [Date] = []
        var planned: [Bool] = []
        for target in post.targets {
            if target.rejection != nil {
                instants.append(target.at ?? now)  // never placed: it takes no slot
                planned.append(false)
            } else if let at = target.at {
                instants.append(at)
                planned.append(false)
            } else if let planning, planning.plans(target.account) {
                // Placed by the planner once the batch is in (see `isPlanned`), or held there.
                // Provisional: the end of the window, so nothing goes out early if the re-plan never happens.
                let start = max(now, target.notBefore ?? now)
                let end = start.addingTimeInterval(planning.planner.horizon)
                instants.append(min(target.notAfter ?? end, end))
                // A held post waits there (its chance ends with its window); once approved, re-plans place it.
                planned.append(target.hold == nil)
            } else if let placed = place(target, try occupied(db, account: target.account, now: now)) {
                instants.append(placed)
                planned.append(false)
            } else {
                return (.noRoom(account: target.account), [])
            }
        }
        try db.execute(
            sql: """
                INSERT INTO posts (id, submitter_id, file_name, spool_key, owner_uid, content, author, kind,
                                   language, in_reply_to, accepted_at, media, content_warning)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                post.id, post.submitterID, post.fileName, post.spoolKey, Int64(post.ownerUID),
                Data(post.content), post.author, post.kind.rawValue, post.language, post.inReplyTo,
                now.timeIntervalSince1970, try PostMedia.storedColumn(post.media), post.contentWarning,
            ], cached: true
        )
        for (index, text) in post.parts.enumerated() {
            try db.execute(
                sql: "INSERT INTO post_parts (post_id, part, text) VALUES (?, ?, ?)",
                arguments: [post.id, index, text], cached: true
            )
        }
        try insertEvent(db, at: now, postID: post.id, account: nil, event: "accepted",
                        message: "accepted \(post.fileName)")
        var provisional: [Int64] = []
        for ((target, instant), isPlanned) in zip(zip(post.targets, instants), planned) {
            let id = try insertTarget(db, post: post, target: target, instant: instant, now: now,
                                      provisional: isPlanned)
            if isPlanned { provisional.append(id) }
        }
        if let rule = post.repeatRule { try startSeries(db, post: post, rule: rule) }
        try insertPolicyHits(db, postID: post.id, hits: post.policyHits)
        return (.accepted(scheduled: instants), provisional)
    }

    /// Instants already taken on an account, for slot placement and `min_gap` (a held target keeps its slot for
    /// when it is approved).
    func occupied(_ db: StoreConnection, account: String, now: Date) throws -> [Date] {
        try db.fetchValues(
            Double.self,
            sql: """
                SELECT scheduled_at FROM targets
                WHERE account = ? AND state IN ('scheduled', 'held', 'publishing', 'published') AND scheduled_at >= ?
                ORDER BY scheduled_at
                """,
            arguments: [account, now.timeIntervalSince1970 - 2 * 86400]
        ).map { Date(timeIntervalSince1970: $0) }
    }

    func insertEvent(
        _ db: StoreConnection, at: Date, postID: String?, account: String?, event: String, message: String
    ) throws {
        // Cached: a burst inserts events by the hundred thousand, and parsing the statement each time showed.
        try db.execute(
            sql: "INSERT INTO events (at, post_id, account, event, message) VALUES (?, ?, ?, ?, ?)",
            arguments: [at.timeIntervalSince1970, postID, account, event, message], cached: true
        )
    }

    /// Records an event that is not part of another transaction (e.g. a rejected file).
    public func recordEvent(at: Date, postID: String?, account: String?, event: String, message: String)
        throws(StoreError)
    {
        try recordEvents([EventRecord(at: at, postID: postID, account: account, event: event, message: message)])
    }

    /// Records several such events in one transaction.
    public func recordEvents(_ events: [EventRecord]) throws(StoreError) {
        guard !events.isEmpty else { return }
        try transaction { db in
            for event in events {
                try insertEvent(db, at: event.at, postID: event.postID, account: event.account, event: event.event,
                                message: event.message)
            }
        }
    }
}

extension AppDatabase {
    /// Instants already taken on an account (what `accept` hands to its `place` closure), for `herald plan`.
    public func occupied(account: String, now: Date) throws(StoreError) -> [Date] {
        try read { db in try occupied(db, account: account, now: now) }
    }
}
