import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    /// The post id under which this exact spool file was accepted, if it was.
    public func postID(forSpoolKey key: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT id FROM posts WHERE spool_key = ?", arguments: [key]) }
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
    /// inserted at a provisional instant (the end of their window, never early), then each such account is
    /// re-planned once for the whole batch inside the same transaction. A new post the plan finds no room for is
    /// withdrawn (`.noRoom`) and the rest re-planned without it. Other planned posts the new ones displaced come
    /// back in `moved`.
    public func acceptAll(
        _ posts: [NewPost], now: Date, planning: PlanningContext?, place: (GatedTarget, [Date]) -> Date?
    ) throws(StoreError) -> AcceptResult {
        try transaction { db in
            var outcomes: [AcceptOutcome] = []
            var fresh: [Int: [Int64]] = [:]  // post index → its provisional targets
            for (index, post) in posts.enumerated() {
                let (outcome, provisional) = try accept(post, in: db, now: now, planning: planning, place: place)
                outcomes.append(outcome)
                if !provisional.isEmpty { fresh[index] = provisional }
            }
            guard let planning, !fresh.isEmpty else { return AcceptResult(outcomes: outcomes, moved: []) }
            var moved: [Int64: PlanChange] = [:]
            // A post moved twice (a new post came, then was withdrawn) reports where it was before the batch.
            func note(_ change: PlanChange) {
                var merged = change
                if let earlier = moved[change.targetID] { merged.from = earlier.from }
                moved[change.targetID] = merged
            }
            var accounts = Set(fresh.keys.flatMap { posts[$0].targets.map(\.account) }.filter(planning.plans))
            while true {
                let ids = Set(fresh.values.flatMap { $0 })
                let result = try replan(db, context: planning, accounts: accounts, fresh: ids, now: now)
                for change in result.changes { note(change) }
                let failed = fresh.filter { $0.value.contains { result.unplaced[$0] != nil } }
                guard !failed.isEmpty else {
                    for (index, targets) in fresh {
                        guard case var .accepted(scheduled) = outcomes[index] else { continue }
                        var provisional = targets.makeIterator()
                        for (position, target) in posts[index].targets.enumerated()
                        where Self.isPlanned(target, by: planning) {
                            if let id = provisional.next(), let at = result.placed[id] { scheduled[position] = at }
                        }
                        outcomes[index] = .accepted(scheduled: scheduled)
                    }
                    break
                }
                for (index, targets) in failed {
                    let account = zip(posts[index].targets.filter { Self.isPlanned($0, by: planning) }, targets)
                        .first { result.unplaced[$0.1] != nil }?.0.account ?? posts[index].targets[0].account
                    try withdraw(db, postID: posts[index].id)
                    outcomes[index] = .noRoom(account: account)
                    fresh[index] = nil
                }
                accounts = Set(failed.keys.flatMap { posts[$0].targets.map(\.account) }.filter(planning.plans))
                    .union(fresh.keys.flatMap { posts[$0].targets.map(\.account) }.filter(planning.plans))
                guard !fresh.isEmpty else {
                    // Every new post was withdrawn: settle the posts they had displaced.
                    for change in try replan(db, context: planning, accounts: accounts, fresh: [], now: now).changes {
                        note(change)
                    }
                    break
                }
            }
            let withdrawn = Set(outcomes.enumerated().compactMap { index, outcome in
                if case .noRoom = outcome { posts[index].id } else { nil }
            })
            let changes = moved.values.filter { !withdrawn.contains($0.postID) && $0.from != $0.to }
                .sorted { $0.targetID < $1.targetID }
            return AcceptResult(outcomes: outcomes, moved: changes)
        }
    }

    /// Whether the planner places this target once its batch is in: no `At:`, not refused or held by the policy,
    /// on an account it plans.
    static func isPlanned(_ target: GatedTarget, by planning: PlanningContext) -> Bool {
        target.at == nil && target.rejection == nil && target.hold == nil && planning.plans(target.account)
    }

    /// One post: its outcome and the targets inserted at a provisional instant for the planner.
    private func accept(
        _ post: NewPost, in db: Database, now: Date, planning: PlanningContext?,
        place: (GatedTarget, [Date]) -> Date?
    ) throws -> (AcceptOutcome, [Int64]) {
        if let existing = try String.fetchOne(
            db, sql: "SELECT id FROM posts WHERE spool_key = ?", arguments: [post.spoolKey]
        ) {
            return (.alreadyAccepted(postID: existing), [])
        }
        if let submitterID = post.submitterID {
            for target in post.targets {
                if let other = try String.fetchOne(
                    db, sql: "SELECT post_id FROM targets WHERE account = ? AND submitter_id = ?",
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
            ]
        )
        for (index, text) in post.parts.enumerated() {
            try db.execute(
                sql: "INSERT INTO post_parts (post_id, part, text) VALUES (?, ?, ?)",
                arguments: [post.id, index, text]
            )
        }
        try insertEvent(db, at: now, postID: post.id, account: nil, event: "accepted",
                        message: "accepted \(post.fileName)")
        var provisional: [Int64] = []
        for ((target, instant), isPlanned) in zip(zip(post.targets, instants), planned) {
            // The planner's `scheduled` event follows once the batch is planned.
            try insertTarget(db, post: post, target: target, instant: instant, now: now, logScheduled: !isPlanned)
            if isPlanned { provisional.append(db.lastInsertedRowID) }
        }
        try insertPolicyHits(db, postID: post.id, hits: post.policyHits)
        return (.accepted(scheduled: instants), provisional)
    }

    /// Instants already taken on an account, for slot placement and `min_gap` (a held target keeps its slot for
    /// when it is approved).
    func occupied(_ db: Database, account: String, now: Date) throws -> [Date] {
        try Double.fetchAll(
            db,
            sql: """
                SELECT scheduled_at FROM targets
                WHERE account = ? AND state IN ('scheduled', 'held', 'publishing', 'published') AND scheduled_at >= ?
                ORDER BY scheduled_at
                """,
            arguments: [account, now.timeIntervalSince1970 - 2 * 86400]
        ).map { Date(timeIntervalSince1970: $0) }
    }

    func insertEvent(_ db: Database, at: Date, postID: String?, account: String?, event: String, message: String)
        throws
    {
        try db.execute(
            sql: "INSERT INTO events (at, post_id, account, event, message) VALUES (?, ?, ?, ?, ?)",
            arguments: [at.timeIntervalSince1970, postID, account, event, message]
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
