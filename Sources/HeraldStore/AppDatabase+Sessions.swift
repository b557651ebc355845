import Foundation
import GRDB
import HeraldCore

/// Delegated sessions in the store. Herald's own statuses (announcement, reminders, closing) are ordinary posts
/// and targets with deterministic ids (`Session.disclosurePostID`), so creating one twice is a no-op, and a
/// session's positions are counted from `statuses.session` inside the claim transaction: there is no counter that a
/// crash between publishing and recording could leave out of step.
extension AppDatabase {
    /// Brings the announcement and closing targets in line with the configured sessions, at start and on reload:
    /// creates the missing ones, moves the never-attempted ones to the configured times and texts, and cancels
    /// those of sessions that are over or gone from the configuration.
    public func syncSessions(_ sessions: [Session], now: Date) throws(StoreError) {
        try transaction { db in
            for session in sessions {
                let ended = session.state(at: now) == .ended
                try syncDisclosure(db, session, .announcement, wanted: !ended, at: session.announcementTime, now: now)
                try syncDisclosure(db, session, .closing, wanted: session.closing != nil, at: session.end, now: now)
            }
            let names = sessions.map(\.name)
            let orphans = try db.fetchAll(
                sql: """
                    SELECT t.*, p.session AS post_session
                    FROM posts p INDEXED BY posts_session CROSS JOIN targets t ON t.post_id = p.id
                    WHERE p.session IS NOT NULL AND t.state = 'scheduled'
                    """
            ).filter { !names.contains($0["post_session"]) }
            for row in orphans { try cancelTarget(db, row, reason: "its session is no longer configured", at: now) }
        }
    }

    private func syncDisclosure(
        _ db: StoreConnection, _ session: Session, _ kind: DisclosureKind, wanted: Bool, at instant: Date, now: Date
    ) throws {
        let postID = session.disclosurePostID(kind)
        guard let row = try db.fetchOne(
            sql: "SELECT * FROM targets WHERE post_id = ? ORDER BY id LIMIT 1", arguments: [postID]
        ) else {
            if wanted { _ = try ensureDisclosure(db, session, kind, at: instant, now: now) }
            return
        }
        guard row["state"] == TargetState.scheduled.rawValue, row["attempts"] == 0 else { return }
        guard wanted else {
            try cancelTarget(db, row, reason: "no longer wanted by its session", at: now)
            return
        }
        try db.execute(
            sql: "UPDATE targets SET account = ?, scheduled_at = ?, next_attempt_at = ? WHERE id = ?",
            arguments: [session.account, instant.timeIntervalSince1970, instant.timeIntervalSince1970,
                        row["id"] as Int64]
        )
        try db.execute(sql: "UPDATE post_parts SET text = ? WHERE post_id = ? AND part = 0",
                       arguments: [session.text(for: kind), postID])
    }

    /// The target of a session's disclosure, created (post, part and scheduled target) when it does not exist yet.
    func ensureDisclosure(
        _ db: StoreConnection, _ session: Session, _ kind: DisclosureKind, position: Int = 0, at instant: Date,
        now: Date
    ) throws -> Int64 {
        let postID = session.disclosurePostID(kind, position: position)
        if let id = try db.fetchValue(
            Int64.self, sql: "SELECT id FROM targets WHERE post_id = ? ORDER BY id LIMIT 1", arguments: [postID]
        ) {
            return id
        }
        let text = session.text(for: kind)
        try db.execute(
            sql: """
                INSERT INTO posts (id, submitter_id, file_name, spool_key, owner_uid, content, author, kind, language,
                                   in_reply_to, accepted_at, session)
                VALUES (?, NULL, ?, ?, 0, ?, NULL, ?, NULL, NULL, ?, ?)
                """,
            arguments: [postID, "session \(session.name)", "session:\(postID)", Data(text.utf8), kind.rawValue,
                        now.timeIntervalSince1970, session.name]
        )
        try db.execute(sql: "INSERT INTO post_parts (post_id, part, text) VALUES (?, 0, ?)",
                       arguments: [postID, text])
        let id = try db.insertReturningID(
            sql: """
                INSERT INTO targets (post_id, account, state, fixed, scheduled_at, next_attempt_at, parts_total)
                VALUES (?, ?, 'scheduled', 1, ?, ?, 1)
                """,
            arguments: [postID, session.account, instant.timeIntervalSince1970, instant.timeIntervalSince1970]
        )
        try insertEvent(db, at: now, postID: postID, account: session.account, event: "scheduled",
                        message: "\(kind.rawValue) of session \(session.name) scheduled for "
                            + RFC3339.string(from: instant))
        return id
    }

    /// Statuses of the session so far on its account, published or in flight: the next one takes the position
    /// after these.
    func sessionPosition(_ db: StoreConnection, _ session: Session) throws -> Int {
        try db.fetchValue(
            Int.self,
            sql: """
                SELECT (SELECT COUNT(*) FROM statuses WHERE session = ? AND account = ?)
                     + (SELECT COUNT(*) FROM attempts a JOIN targets t ON t.id = a.target_id
                        WHERE a.outcome IS NULL AND a.session = ? AND t.account = ?)
                """,
            arguments: [session.name, session.account, session.name, session.account]
        ) ?? 0
    }

    /// The session rules for a claim while `session` is active: the announcement first, as long as it has not
    /// gone out; then a reminder at every position that is a multiple of `every`; otherwise the target itself.
    func sessionPick(_ db: StoreConnection, session: Session, original: Row, now: Date) throws -> SessionPick {
        let announcement = try ensureDisclosure(db, session, .announcement, at: session.announcementTime, now: now)
        if let pick = try pick(db, announcement, now: now, forceEarly: true) { return pick }
        let published = try sessionPosition(db, session)
        guard DisclosureRules.nextIsReminder(published: published, every: session.every) else { return .original }
        let reminder = try ensureDisclosure(db, session, .reminder, position: published + 1, at: now, now: now)
        return try pick(db, reminder, now: now, forceEarly: false) ?? .original
    }

    /// Whether a disclosure target must go before anything else (`DisclosureRules.pick` decides from where the
    /// target stands).
    private func pick(_ db: StoreConnection, _ targetID: Int64, now: Date, forceEarly: Bool) throws -> SessionPick? {
        guard let row = try db.fetchOne(
            sql: "SELECT state, attempts, next_attempt_at FROM targets WHERE id = ?", arguments: [targetID]
        ) else { return nil }
        let progress: DisclosureProgress =
            switch TargetState(rawValue: row["state"]) {
            case .scheduled: .scheduled(due: row["next_attempt_at"], attempts: row["attempts"])
            case .publishing: .publishing
            default: .finished
            }
        return DisclosureRules.pick(targetID, progress: progress, now: now, forceEarly: forceEarly)
    }

    func cancelTarget(_ db: StoreConnection, _ row: Row, reason: String, at now: Date) throws {
        try db.execute(
            sql: "UPDATE targets SET state = 'cancelled', finished_at = ?, last_error = ? WHERE id = ?",
            arguments: [now.timeIntervalSince1970, reason, row["id"] as Int64]
        )
        try insertEvent(db, at: now, postID: row["post_id"], account: row["account"], event: "cancelled",
                        message: "cancelled: \(reason)")
    }

    /// The `disclosure` events of a published status: a disclosure went out, or a team post lost its tag.
    func recordSessionEvents(_ db: StoreConnection, _ claim: Claim, remoteID: String, at now: Date) throws {
        guard let session = claim.session else { return }
        if let kind = claim.disclosure {
            try insertEvent(db, at: now, postID: claim.postID, account: claim.account, event: "disclosure",
                            message: "\(kind.rawValue) of session \(session) published as \(remoteID)")
        } else if claim.tag == .dropped {
            try insertEvent(db, at: now, postID: claim.postID, account: claim.account, event: "disclosure",
                            message: "team post published without the session's hashtag: too long for it")
        }
    }

    /// What a session has published so far.
    public func sessionSummary(_ session: Session) throws(StoreError) -> SessionSummary {
        try read { db in
            let row = try db.fetchOne(
                sql: """
                    SELECT COUNT(*) AS published,
                           COALESCE(SUM(CASE WHEN kind IN ('announcement', 'reminder', 'closing') THEN 1 ELSE 0 END),
                                    0) AS disclosures,
                           COALESCE(SUM(CASE WHEN tag = 'added' THEN 1 ELSE 0 END), 0) AS tagged,
                           COALESCE(SUM(CASE WHEN tag = 'dropped' THEN 1 ELSE 0 END), 0) AS untagged
                    FROM statuses WHERE session = ? AND account = ?
                    """,
                arguments: [session.name, session.account]
            )
            return SessionSummary(published: row?["published"] ?? 0, disclosures: row?["disclosures"] ?? 0,
                                  tagged: row?["tagged"] ?? 0, untagged: row?["untagged"] ?? 0)
        }
    }

    /// The kinds of the statuses published on an account, in sequence order (for tests and diagnostics).
    public func statusKinds(account: String) throws(StoreError) -> [String] {
        try read { db in
            try db.fetchValues(
                String.self, sql: "SELECT kind FROM statuses WHERE account = ? ORDER BY seq", arguments: [account]
            )
        }
    }
}
