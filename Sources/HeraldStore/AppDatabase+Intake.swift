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
        _ post: NewPost, now: Date, place: (NewPost.Target, [Date]) -> Date?
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
        _ posts: [NewPost], now: Date, place: (NewPost.Target, [Date]) -> Date?
    ) throws(StoreError) -> [AcceptOutcome] {
        try transaction { db in try posts.map { try accept($0, in: db, now: now, place: place) } }
    }

    private func accept(
        _ post: NewPost, in db: Database, now: Date, place: (NewPost.Target, [Date]) -> Date?
    ) throws -> AcceptOutcome {
        if let existing = try String.fetchOne(
            db, sql: "SELECT id FROM posts WHERE spool_key = ?", arguments: [post.spoolKey]
        ) {
            return .alreadyAccepted(postID: existing)
        }
        if let submitterID = post.submitterID {
            for target in post.targets {
                if let other = try String.fetchOne(
                    db, sql: "SELECT post_id FROM targets WHERE account = ? AND submitter_id = ?",
                    arguments: [target.account, submitterID]
                ) {
                    return .duplicateID(id: submitterID, account: target.account, existingPost: other)
                }
            }
        }
        var instants: [Date] = []
        for target in post.targets {
            if target.rejection != nil {
                instants.append(target.at ?? now)  // never placed: it takes no slot
            } else if let at = target.at {
                instants.append(at)
            } else if let placed = place(target, try occupied(db, account: target.account, now: now)) {
                instants.append(placed)
            } else {
                return .noRoom(account: target.account)
            }
        }
        try db.execute(
            sql: """
                INSERT INTO posts (id, submitter_id, file_name, spool_key, owner_uid, content, author, kind,
                                   language, in_reply_to, accepted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                post.id, post.submitterID, post.fileName, post.spoolKey, Int64(post.ownerUID),
                Data(post.content), post.author, post.kind, post.language, post.inReplyTo,
                now.timeIntervalSince1970,
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
        for (target, instant) in zip(post.targets, instants) {
            try insertTarget(db, post: post, target: target, instant: instant, now: now)
        }
        try insertPolicyHits(db, postID: post.id, hits: post.policyHits)
        return .accepted(scheduled: instants)
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
