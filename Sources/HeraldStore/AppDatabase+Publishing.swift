import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    /// The earliest `next_attempt_at` of every account that has scheduled work.
    public func earliestDue() throws(StoreError) -> [String: Date] {
        try read { db in
            var result: [String: Date] = [:]
            let rows = try db.fetchAll(
                sql: """
                    SELECT account, MIN(next_attempt_at) AS due FROM targets WHERE state = 'scheduled' GROUP BY account
                    """
            )
            for row in rows {
                result[row["account"]] = Date(timeIntervalSince1970: row["due"])
            }
            return result
        }
    }

    /// The next target of `account` that is due at `now`: thread parts already started first (a thread goes
    /// out contiguously), then by due time and acceptance order.
    public func nextDue(account: String, now: Date) throws(StoreError) -> Int64? {
        try read { db in
            try db.fetchValue(
                Int64.self,
                sql: """
                    SELECT id FROM targets
                    WHERE state = 'scheduled' AND account = ? AND next_attempt_at <= ?
                    ORDER BY parts_done > 0 DESC, next_attempt_at, id
                    LIMIT 1
                    """,
                arguments: [account, now.timeIntervalSince1970], cached: true
            )
        }
    }

    /// Claims the next part of a scheduled target for publishing: records the attempt (with its sequence number
    /// and idempotency key) and marks the target `publishing`, in one transaction, before anything leaves.
    /// Returns nil when the target is no longer `scheduled` (cancelled meanwhile, or claimed already).
    ///
    /// While one of `sessions` is active on the target's account, the session's rules are applied here, inside
    /// the same transaction, from the ledger in `statuses` (see `sessionPick`): the announcement or a reminder may
    /// be claimed instead (the target stays scheduled and goes next), a team post gets the session's hashtag when
    /// it still fits `network`'s limit. Nil is also returned when the target must wait for a disclosure that is
    /// itself waiting for a retry: the target is then due again when the disclosure is.
    ///
    /// With `account` (the worker's), the claim is an account transaction (see ``transaction(account:_:)``): on
    /// PostgreSQL it runs beside other accounts' claims and records; a target of another account is not claimed.
    public func claim(
        targetID: Int64, now: Date, sessions: [Session] = [], network: Network = .x,
        mastodon: MastodonSettings = .standard, account worker: String? = nil
    ) throws(StoreError) -> Claim? {
        try transaction(account: worker) { db in
            guard let row = try scheduledTarget(db, targetID) else { return nil }
            let account: String = row["account"]
            if let worker, worker != account { return nil }
            let active = sessions.first { $0.account == account && $0.state(at: now) == .active }
            let ownSession: String? = row["post_session"]
            if let ownSession, let kind = DisclosureKind(rawValue: row["kind"]),
               DisclosureRules.isStale(kind, sessionState: sessions.first { $0.name == ownSession }?.state(at: now)) {
                try cancelTarget(db, row, reason: "its session is not running", at: now)
                return nil
            }
            guard let active, ownSession == nil || ownSession == active.name else {
                return try claim(db, row, now: now, session: ownSession, tag: nil)
            }
            switch try sessionPick(db, session: active, original: row, now: now) {
            case let .wait(until):
                try db.execute(sql: "UPDATE targets SET next_attempt_at = ? WHERE id = ?",
                               arguments: [until.timeIntervalSince1970, targetID])
                return nil
            case let .claim(disclosureID) where disclosureID != targetID:
                guard let disclosure = try scheduledTarget(db, disclosureID) else { return nil }
                return try claim(db, disclosure, now: now, session: active.name, tag: nil)
            case .original where DisclosureKind(rawValue: row["kind"]) == .reminder && ownSession != nil:
                // A reminder for a position already taken (the config's `every` changed): never published.
                try cancelTarget(db, row, reason: "its position in the session is taken", at: now)
                return nil
            case .claim, .original:
                if ownSession != nil { return try claim(db, row, now: now, session: active.name, tag: nil) }
                let part: Int = row["parts_done"]
                let text = try partText(db, postID: row["post_id"], part: part)
                let warning: String = row["post_content_warning"] ?? ""
                let tagged = DisclosureRules.tag(text, author: row["author"], session: active, network: network,
                                                 mastodon: mastodon, contentWarning: warning)
                return try claim(db, row, now: now, session: active.name, tag: tagged.decision, text: tagged.text)
            }
        }
    }

    /// A target still `scheduled`, with its post's columns (`author`, `kind`, `language`, `post_in_reply_to`,
    /// `post_session`, `post_media`, `post_content_warning`).
    func scheduledTarget(_ db: StoreConnection, _ targetID: Int64) throws -> Row? {
        try db.fetchOne(
            sql: """
                SELECT t.*, p.author, p.kind, p.language, p.in_reply_to AS post_in_reply_to, p.session AS post_session,
                       p.media AS post_media, p.content_warning AS post_content_warning, p.repeat_every
                FROM targets t JOIN posts p ON p.id = t.post_id
                WHERE t.id = ? AND t.state = 'scheduled'
                """,
            arguments: [targetID], cached: true
        )
    }

    private func partText(_ db: StoreConnection, postID: String, part: Int) throws -> String {
        try db.fetchValue(
            String.self, sql: "SELECT text FROM post_parts WHERE post_id = ? AND part = ?", arguments: [postID, part],
            cached: true
        ) ?? ""
    }

    /// Claims the target in `row` (a `scheduledTarget` row) with the session decisions already made; `text`
    /// replaces the part's text (the tagged text of a team post).
    private func claim(
        _ db: StoreConnection, _ row: Row, now: Date, session: String?, tag: HashtagDecision?, text: String? = nil
    ) throws -> Claim {
        let targetID: Int64 = row["id"]
        let postID: String = row["post_id"]
        let account: String = row["account"]
        let part: Int = row["parts_done"]
        let text = try text ?? partText(db, postID: postID, part: part)
        let inReplyTo: String? =
            if part == 0 {
                row["post_in_reply_to"]
            } else {
                try db.fetchValue(
                    String.self, sql: "SELECT remote_id FROM statuses WHERE target_id = ? AND part = ?",
                    arguments: [targetID, part - 1]
                )
            }
        let seq = try nextSeq(db, account: account)
        // The key names this status across retries; every occurrence of a repeating post after the first is a
        // status of its own (the networks would take it for the first one again: Bluesky derives the record key
        // from it, Mastodon replays its answer, Threads returns the recorded post), so its target joins the key.
        let occurrence: Int = row["occurrence"] ?? 1
        let key = occurrence > 1 ? "\(postID).\(account).\(part).t\(targetID)" : "\(postID).\(account).\(part)"
        let firstAttempt: Double = row["first_attempt_at"] ?? now.timeIntervalSince1970
        let attemptID = try db.insertReturningID(
            sql: """
                INSERT INTO attempts (target_id, part, seq, idempotency_key, started_at, session, text, tag)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [targetID, part, seq, key, now.timeIntervalSince1970, session, text, tag?.rawValue],
            cached: true
        )
        try db.execute(
            sql: """
                UPDATE targets SET state = 'publishing', attempts = attempts + 1, first_attempt_at = ?
                WHERE id = ?
                """,
            arguments: [firstAttempt, targetID], cached: true
        )
        var claim = Claim(
            attemptID: attemptID, targetID: targetID, postID: postID, account: account, part: part,
            partCount: row["parts_total"], seq: seq, idempotencyKey: key, text: text, inReplyTo: inReplyTo,
            scheduledAt: Date(timeIntervalSince1970: row["scheduled_at"]), author: row["author"],
            language: row["language"], kind: try storedKind(row), previousAttempts: row["attempts"],
            firstAttemptAt: Date(timeIntervalSince1970: firstAttempt), session: session, tag: tag
        )
        if part == 0 { claim.media = try PostMedia.fromStoredColumn(row["post_media"]) }
        claim.contentWarning = row["post_content_warning"]
        claim.repeatEvery = row["repeat_every"]
        claim.startedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970)  // as stored and read back
        return claim
    }

    /// The account's next status number: one past the last published, so a failed attempt leaves no gap, or
    /// past an attempt still in flight on the account, so two statuses can never be given the same number.
    ///
    /// Two lookups, not one `MAX` over a `UNION`: SQLite answers `MAX(seq)` of one account from the end of the
    /// `(account, seq)` key, but over the union it read every status the account ever published, at every claim.
    private func nextSeq(_ db: StoreConnection, account: String) throws -> Int {
        let published = try db.fetchValue(
            Int.self, sql: "SELECT MAX(seq) FROM statuses WHERE account = ?", arguments: [account], cached: true
        ) ?? 0
        let inFlight = try db.fetchValue(
            Int.self,
            sql: """
                SELECT MAX(a.seq) FROM attempts a JOIN targets t ON t.id = a.target_id
                WHERE a.outcome IS NULL AND t.account = ?
                """,
            arguments: [account], cached: true
        ) ?? 0
        return max(published, inFlight) + 1
    }

    /// Records how a claimed attempt ended and moves the target on: next part, retry, published or failed.
    ///
    /// When the last part of an occurrence of a repeating post is published, the next occurrence is queued in the
    /// same transaction (see `queueNextOccurrence`; `occurrences` gives the account's zone, slots and planner
    /// horizon; without it, which only tools and tests do, the series is not continued) and the result says what
    /// became of the series; nil otherwise.
    @discardableResult
    public func record(
        _ claim: Claim, result: AttemptResult, now: Date, occurrences: OccurrenceContext? = nil
    ) throws(StoreError) -> OccurrenceOutcome? {
        try transaction(account: claim.account) { db in
            let stamp = now.timeIntervalSince1970
            switch result {
            case let .published(remoteID):
                try finishAttempt(db, claim, outcome: "published", detail: remoteID, at: stamp)
                try db.execute(
                    sql: """
                        INSERT INTO statuses (account, seq, target_id, part, kind, remote_id, in_reply_to, published_at,
                                              session, tag)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [claim.account, claim.seq, claim.targetID, claim.part, claim.statusKind.rawValue,
                                remoteID, claim.inReplyTo, stamp, claim.session, claim.tag?.rawValue], cached: true
                )
                try recordSessionEvents(db, claim, remoteID: remoteID, at: now)
                let done = claim.part + 1
                let finished = done >= claim.partCount
                try db.execute(
                    sql: """
                        UPDATE targets SET parts_done = ?, state = ?, next_attempt_at = ?, finished_at = ?,
                                           last_error = NULL
                        WHERE id = ?
                        """,
                    arguments: [done, finished ? "published" : "scheduled", stamp, finished ? stamp : nil,
                                claim.targetID], cached: true
                )
                let partText = claim.partCount > 1 ? "part \(claim.part + 1)/\(claim.partCount) " : ""
                try insertEvent(db, at: now, postID: claim.postID, account: claim.account, event: "published",
                                message: "\(partText)published as \(remoteID)")
                if finished, let occurrences {
                    return try queueNextOccurrence(db, claim: claim, now: now, context: occurrences)
                }
            case let .temporary(reason, retryAt?):
                try finishAttempt(db, claim, outcome: "temporary", detail: reason, at: stamp)
                try db.execute(
                    sql: "UPDATE targets SET state = 'scheduled', next_attempt_at = ?, last_error = ? WHERE id = ?",
                    arguments: [retryAt.timeIntervalSince1970, reason, claim.targetID]
                )
                try insertEvent(db, at: now, postID: claim.postID, account: claim.account, event: "retrying",
                                message: "\(reason); next attempt \(RFC3339.string(from: retryAt))")
            case let .temporary(reason, nil):
                try finishAttempt(db, claim, outcome: "temporary", detail: reason, at: stamp)
                try fail(db, claim, reason: "gave up after \(claim.previousAttempts + 1) attempts: \(reason)", at: now)
            case let .permanent(reason):
                try finishAttempt(db, claim, outcome: "permanent", detail: reason, at: stamp)
                try fail(db, claim, reason: reason, at: now)
            case let .unauthorized(pause):
                try finishAttempt(db, claim, outcome: "unauthorized", detail: pause.reason, at: stamp)
                // Back to waiting, as if never tried: the pause is the account's, not the post's, so it must not
                // use up `give_up_after`, and a post whose window passes meanwhile is still `on_missed`'s to judge.
                try db.execute(
                    sql: """
                        UPDATE targets
                        SET state = 'scheduled', attempts = attempts - 1, last_error = ?,
                            first_attempt_at = CASE WHEN attempts = 1 THEN NULL ELSE first_attempt_at END
                        WHERE id = ?
                        """,
                    arguments: ["account paused: \(pause.reason)", claim.targetID]
                )
                try savePause(db, pause)
            }
            return nil
        }
    }

    /// Settles the claim's attempt, which must still be open: a node that lost the account while publishing
    /// (issue 17) finds it settled by the node that took over, and records nothing over that node's work.
    private func finishAttempt(_ db: StoreConnection, _ claim: Claim, outcome: String, detail: String, at stamp: Double)
        throws
    {
        let settled = try db.executeCounting(
            sql: "UPDATE attempts SET outcome = ?, detail = ?, finished_at = ? WHERE id = ? AND outcome IS NULL",
            arguments: [outcome, detail, stamp, claim.attemptID], cached: true
        )
        guard settled == 1 else { throw StoreError.attemptSettled(attemptID: claim.attemptID, account: claim.account) }
    }

    private func fail(_ db: StoreConnection, _ claim: Claim, reason: String, at now: Date) throws {
        try db.execute(
            sql: "UPDATE targets SET state = 'failed', last_error = ?, finished_at = ? WHERE id = ?",
            arguments: [reason, now.timeIntervalSince1970, claim.targetID]
        )
        // A repeating post's series ends with a failed occurrence: the next is only queued after a publication.
        let series = claim.repeatEvery.map { "; its series (every \($0)) ends" } ?? ""
        try insertEvent(db, at: now, postID: claim.postID, account: claim.account, event: "failed",
                        message: reason + series)
    }

    /// Attempts recorded as in flight: after a crash, each must be resolved before its target goes on.
    public func inFlight() throws(StoreError) -> [Claim] {
        let rows = try read { db in
            try db.fetchAll(
                sql: """
                    SELECT a.id AS attempt_id, a.part AS attempt_part, a.seq, a.idempotency_key, a.started_at,
                           a.session AS attempt_session, a.tag AS attempt_tag,
                           t.*, p.author, p.kind, p.language, p.in_reply_to AS post_in_reply_to,
                           p.content_warning AS post_content_warning, p.repeat_every,
                           COALESCE(a.text, pp.text) AS text
                    FROM attempts a
                    JOIN targets t ON t.id = a.target_id
                    JOIN posts p ON p.id = t.post_id
                    JOIN post_parts pp ON pp.post_id = t.post_id AND pp.part = a.part
                    WHERE a.outcome IS NULL
                    ORDER BY a.id
                    """
            ).map { row -> (Row, String?, String?, StoredKind) in
                let part: Int = row["attempt_part"]
                let targetID: Int64 = row["id"]
                let reply: String? =
                    part == 0
                    ? row["post_in_reply_to"]
                    : try db.fetchValue(
                        String.self, sql: "SELECT remote_id FROM statuses WHERE target_id = ? AND part = ?",
                        arguments: [targetID, part - 1])
                let warning: String? = row["post_content_warning"]
                return (row, reply, warning, try storedKind(row))
            }
        }
        return rows.map { row, reply, warning, kind in
            Claim(
                attemptID: row["attempt_id"], targetID: row["id"], postID: row["post_id"], account: row["account"],
                part: row["attempt_part"], partCount: row["parts_total"], seq: row["seq"],
                idempotencyKey: row["idempotency_key"], text: row["text"], inReplyTo: reply,
                scheduledAt: Date(timeIntervalSince1970: row["scheduled_at"]), author: row["author"],
                language: row["language"], kind: kind, previousAttempts: (row["attempts"] as Int) - 1,
                firstAttemptAt: Date(timeIntervalSince1970: row["first_attempt_at"] ?? row["started_at"]),
                session: row["attempt_session"], tag: (row["attempt_tag"] as String?).flatMap(HashtagDecision.init),
                contentWarning: warning, repeatEvery: row["repeat_every"],
                startedAt: Date(timeIntervalSince1970: row["started_at"])
            )
        }
    }

    /// The accounts with attempts in flight (one index walk), for a node looking for work left unsettled.
    public func accountsInFlight() throws(StoreError) -> Set<String> {
        try read { db in
            Set(try db.fetchValues(String.self, sql: """
                SELECT DISTINCT t.account FROM attempts a JOIN targets t ON t.id = a.target_id WHERE a.outcome IS NULL
                """, cached: true))
        }
    }

    /// Gives up an in-flight attempt known not to have gone out: the target is scheduled again at `now`. An
    /// attempt already settled (recorded meanwhile, or resolved by the node that took the account over) is left
    /// as it is, and so is its target.
    public func abandon(_ claim: Claim, reason: String, now: Date) throws(StoreError) {
        try transaction(account: claim.account) { db in
            let open = try db.executeCounting(
                sql: "UPDATE attempts SET outcome = ?, detail = ?, finished_at = ? WHERE id = ? AND outcome IS NULL",
                arguments: ["abandoned", reason, now.timeIntervalSince1970, claim.attemptID], cached: true
            )
            guard open == 1 else { return }
            try db.execute(
                sql: """
                    UPDATE targets SET state = 'scheduled', next_attempt_at = ? WHERE id = ? AND state = 'publishing'
                    """,
                arguments: [now.timeIntervalSince1970, claim.targetID]
            )
        }
    }
}

extension AppDatabase {
    /// A row's `kind` column, typed; a value Herald does not know is an error naming the post, never a guess.
    func storedKind(_ row: Row) throws -> StoredKind {
        guard let kind = StoredKind(rawValue: row["kind"]) else {
            let reason = "post \(row["post_id"] as String): unknown kind \"\(row["kind"] as String)\""
            throw StoreError.database(path: location, reason: reason)
        }
        return kind
    }
}

extension AppDatabase {
    /// The queue of `accounts` (the configured ones: posts left by a removed account wait for it to come back) as
    /// the scheduler sees it at `now` (see ``DueSummary``), from the queue-order index: the posts due now, then the
    /// future ones in order until one belongs to an account not in `busy`. Its cost follows the posts due and the
    /// busy accounts' next posts, not the length of the queue.
    public func dueSummary(now: Date, accounts: Set<String>, busy: Set<String>) throws(StoreError) -> DueSummary {
        try read { db in
            var summary = DueSummary()
            // The partial index covers these three states; naming them lets SQLite use it.
            let scheduled = "state IN ('scheduled', 'publishing', 'held') AND state = 'scheduled'"
            try db.forEach(
                sql: """
                    SELECT account, MIN(next_attempt_at) AS due FROM targets INDEXED BY targets_queue_order
                    WHERE \(scheduled) AND next_attempt_at <= ? GROUP BY account
                    """,
                arguments: [now.timeIntervalSince1970], cached: true
            ) { row in
                let at = Date(timeIntervalSince1970: row["due"])
                let account: String = row["account"]
                guard accounts.contains(account) else { return }
                summary.due[account] = at
                if summary.next.map({ at < $0.at }) ?? true { summary.next = (account, at) }
            }
            // The future in due order, until the first post of an account not busy: the rest is never read.
            try db.walk(
                sql: """
                    SELECT account, next_attempt_at FROM targets INDEXED BY targets_queue_order
                    WHERE \(scheduled) AND next_attempt_at > ? ORDER BY next_attempt_at, id
                    """,
                arguments: [now.timeIntervalSince1970], cached: true
            ) { row in
                let account: String = row["account"]
                guard accounts.contains(account) else { return true }
                let at = Date(timeIntervalSince1970: row["next_attempt_at"])
                if summary.next == nil { summary.next = (account, at) }
                guard !busy.contains(account), summary.due[account] == nil else { return true }
                summary.due[account] = at
                return false
            }
            return summary
        }
    }
}
