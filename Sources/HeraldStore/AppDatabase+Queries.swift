import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    private static let entryColumns = entryColumns(index: nil)

    /// The columns of a ``QueueEntry``; `index` names the index to walk `targets` by. SQLite's planner, without
    /// statistics, prefers `targets_due` for any condition on `state` and then sorts the whole queue: a page of a
    /// million queued posts took seconds. The partial indexes in queue and history order make it a walk.
    static func entryColumns(index: String?) -> String {
        """
        SELECT t.id AS target_id, t.post_id, t.account, t.state, t.scheduled_at, t.next_attempt_at, t.attempts,
               t.parts_done, t.parts_total, t.last_error, t.finished_at, t.provisional, p.author,
               t.occurrence, p.repeat_every, p.repeat_count, p.repeat_until,
               (SELECT group_concat(text, char(10) || '---' || char(10))
                  FROM (SELECT text FROM post_parts WHERE post_id = t.post_id ORDER BY part) AS parts) AS text
        FROM targets t \(index.map { "INDEXED BY \($0) " } ?? "")JOIN posts p ON p.id = t.post_id
        """
    }

    static func entry(_ row: Row) -> QueueEntry {
        QueueEntry(
            postID: row["post_id"], targetID: row["target_id"], account: row["account"],
            state: TargetState(rawValue: row["state"]) ?? .failed,
            scheduledAt: Date(timeIntervalSince1970: row["scheduled_at"]),
            nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]), author: row["author"],
            text: row["text"] ?? "", attempts: row["attempts"], partsDone: row["parts_done"],
            partsTotal: row["parts_total"], lastError: row["last_error"], provisional: row["provisional"],
            series: SeriesInfo.from(every: row["repeat_every"], occurrence: row["occurrence"],
                                    count: row["repeat_count"], until: row["repeat_until"])
        )
    }

    /// Targets still to go out (scheduled, in flight, or held for an approver), soonest first.
    public func queue(_ filter: QueueFilter = QueueFilter()) throws(StoreError) -> [QueueEntry] {
        var (sql, arguments) = filter.whereClause
        // One account's entries are few: SQLite's own choice (by account) beats walking everyone's in order.
        let index = filter.account == nil ? "targets_queue_order" : nil
        sql = Self.entryColumns(index: index) + sql + " ORDER BY t.next_attempt_at, t.id"
        if let limit = filter.limit {
            sql += " LIMIT ?"
            arguments.append(limit)
        }
        return try read { db in try db.fetchAll(sql: sql, arguments: arguments).map(Self.entry) }
    }

    /// How many entries `filter` matches without its limit (for "… and N more").
    public func queueCount(_ filter: QueueFilter) throws(StoreError) -> Int {
        if filter.account == nil && filter.from == nil && filter.to == nil {
            return try read { db in
                try db.fetchValue(Int.self, sql: """
                    SELECT COALESCE(SUM(n), 0) FROM target_counts WHERE state IN ('scheduled', 'publishing', 'held')
                    """) ?? 0
            }
        }
        let (clause, arguments) = filter.whereClause
        let sql = "SELECT COUNT(*) FROM targets t" + clause
        return try read { db in try db.fetchValue(Int.self, sql: sql, arguments: arguments) ?? 0 }
    }

    /// How many targets are still to go out (from the counts the triggers keep: one row, whatever the queue).
    public func queuedCount() throws(StoreError) -> Int {
        try read { db in
            try db.fetchValue(
                Int.self, sql: "SELECT SUM(n) FROM target_counts WHERE state IN ('scheduled', 'publishing')",
                cached: true
            ) ?? 0
        }
    }

    /// The targets `on_missed` may judge: scheduled and never attempted (through the queue-order index, whose
    /// partial condition the first term names). A session's disclosures are left out: the session rules decide
    /// when they go (see `claim`).
    static let neverAttempted = """
        t.state IN ('scheduled', 'publishing', 'held') AND t.state = 'scheduled'
          AND t.attempts = 0 AND t.parts_done = 0 AND p.session IS NULL
        """

    /// Scheduled targets never attempted that are due (`next_attempt_at`) before `before` (overdue at start or after
    /// a clock jump), as ``neverAttempted`` says.
    public func overdue(before: Date) throws(StoreError) -> [QueueEntry] {
        try read { db in
            try db.fetchAll(
                sql: Self.entryColumns(index: "targets_queue_order") + """
                     WHERE \(Self.neverAttempted) AND t.next_attempt_at < ?
                    ORDER BY t.next_attempt_at, t.id
                    """,
                arguments: [before.timeIntervalSince1970]
            ).map(Self.entry)
        }
    }

    /// A missed target moves to the instant `place` picks from the account's occupied instants (itself
    /// excluded); nil from `place` fails it. Logged as `missed`. Returns the new instant, if any.
    @discardableResult
    public func rescheduleMissed(targetID: Int64, now: Date, place: ([Date]) -> Date?) throws(StoreError) -> Date? {
        try transaction { db in
            guard let row = try db.fetchOne(
                sql: "SELECT post_id, account, scheduled_at FROM targets WHERE id = ? AND state = 'scheduled'",
                arguments: [targetID]
            ) else { return nil }
            let postID: String = row["post_id"]
            let account: String = row["account"]
            let was = Date(timeIntervalSince1970: row["scheduled_at"])
            // Only its own entry: another target at the same instant (published just before a crash) still counts.
            var taken = try occupied(db, account: account, now: now)
            if let own = taken.firstIndex(of: was) { taken.remove(at: own) }
            guard let instant = place(taken) else {
                try failMissed(db, targetID: targetID, postID: postID, account: account, was: was, now: now,
                               reason: "missed its time and no later slot is free")
                return nil
            }
            try db.execute(
                sql: "UPDATE targets SET scheduled_at = ?, next_attempt_at = ? WHERE id = ?",
                arguments: [instant.timeIntervalSince1970, instant.timeIntervalSince1970, targetID]
            )
            try insertEvent(db, at: now, postID: postID, account: account, event: "missed",
                            message: "missed \(RFC3339.string(from: was)); rescheduled for "
                                + RFC3339.string(from: instant))
            return instant
        }
    }

    /// A missed target fails for good (`on_missed = "fail"`), or is published late (`"publish"`) with only the
    /// `missed` event recorded. A failed occurrence of a repeating post is dropped, not its series: with
    /// `occurrences` the next one is queued in the same transaction (see `queueNextOccurrence`), and the result says
    /// what became of the series.
    @discardableResult
    public func markMissed(
        targetID: Int64, fail: Bool, now: Date, occurrences: OccurrenceContext? = nil
    ) throws(StoreError) -> OccurrenceOutcome? {
        try transaction { db in
            guard let row = try db.fetchOne(
                sql: "SELECT post_id, account, scheduled_at FROM targets WHERE id = ? AND state = 'scheduled'",
                arguments: [targetID]
            ) else { return nil }
            let was = Date(timeIntervalSince1970: row["scheduled_at"])
            guard fail else {
                try insertEvent(db, at: now, postID: row["post_id"], account: row["account"], event: "missed",
                                message: "missed \(RFC3339.string(from: was)); publishing late")
                return nil
            }
            try failMissed(db, targetID: targetID, postID: row["post_id"], account: row["account"], was: was,
                           now: now, reason: "missed its time (on_missed = fail)")
            guard let occurrences else { return nil }
            return try queueNextOccurrence(db, after: targetID, postID: row["post_id"], account: row["account"],
                                           published: false, now: now, context: occurrences)
        }
    }

    private func failMissed(
        _ db: StoreConnection, targetID: Int64, postID: String, account: String, was: Date, now: Date, reason: String
    ) throws {
        try db.execute(
            sql: "UPDATE targets SET state = 'failed', last_error = ?, finished_at = ? WHERE id = ?",
            arguments: [reason, now.timeIntervalSince1970, targetID]
        )
        try insertEvent(db, at: now, postID: postID, account: account, event: "missed",
                        message: "missed \(RFC3339.string(from: was)); \(reason)")
    }

    /// Cancels every waiting target of a post, atomically. If any target has an attempt in flight nothing is
    /// changed and `.busy` is returned: success is a promise that the post never goes out.
    public func cancel(postID: String, now: Date) throws(StoreError) -> CancelOutcome {
        try transaction { db in
            let rows = try db.fetchAll(
                sql: "SELECT account, state FROM targets WHERE post_id = ? ORDER BY id", arguments: [postID]
            )
            guard !rows.isEmpty else { throw StoreError.noSuchPost(postID) }
            if let busy = rows.first(where: { $0["state"] == TargetState.publishing.rawValue }) {
                return .busy(account: busy["account"])
            }
            let waiting: [String] = rows.filter {
                $0["state"] == TargetState.scheduled.rawValue || $0["state"] == TargetState.held.rawValue
            }.map { $0["account"] }
            guard !waiting.isEmpty else {
                var states: [String: TargetState] = [:]
                for row in rows { states[row["account"]] = TargetState(rawValue: row["state"]) }
                return .alreadyFinished(state: states)
            }
            try db.execute(
                sql: """
                    UPDATE targets SET state = 'cancelled', finished_at = ?
                    WHERE post_id = ? AND state IN ('scheduled', 'held')
                    """,
                arguments: [now.timeIntervalSince1970, postID]
            )
            for account in waiting {
                try insertEvent(db, at: now, postID: postID, account: account, event: "cancelled",
                                message: "cancelled")
            }
            return .cancelled(accounts: waiting)
        }
    }

    /// Targets that ended (published, failed, cancelled, expired, rejected), most recent first.
    public func history(limit: Int = 100) throws(StoreError) -> [HistoryEntry] {
        try read { db in
            let rows = try db.fetchAll(
                sql: Self.entryColumns(index: "targets_history_order") + """
                     WHERE t.state IN ('published', 'failed', 'cancelled', 'expired', 'rejected')
                    ORDER BY t.finished_at DESC, t.id DESC LIMIT ?
                    """,
                arguments: [limit]
            )
            return try rows.map { row in
                let entry = Self.entry(row)
                let ids = try db.fetchValues(
                    String.self, sql: "SELECT remote_id FROM statuses WHERE target_id = ? ORDER BY part",
                    arguments: [entry.targetID]
                )
                return HistoryEntry(
                    postID: entry.postID, account: entry.account, state: entry.state,
                    scheduledAt: entry.scheduledAt,
                    finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    author: entry.author, text: entry.text, remoteIDs: ids, attempts: entry.attempts,
                    lastError: entry.lastError, series: entry.series, targetID: entry.targetID
                )
            }
        }
    }

    /// The recorded events of one post, oldest first (or of all posts when `postID` is nil, newest `limit`).
    public func events(postID: String? = nil, limit: Int = 1000) throws(StoreError) -> [EventRecord] {
        try read { db in
            let rows: [Row] =
                if let postID {
                    try db.fetchAll(sql: "SELECT * FROM events WHERE post_id = ? ORDER BY id LIMIT ?",
                                    arguments: [postID, limit])
                } else {
                    try db.fetchAll(
                        sql: "SELECT * FROM (SELECT * FROM events ORDER BY id DESC LIMIT ?) AS newest ORDER BY id",
                        arguments: [limit])
                }
            return rows.map { row in
                EventRecord(at: Date(timeIntervalSince1970: row["at"]), postID: row["post_id"],
                            account: row["account"], event: row["event"], message: row["message"])
            }
        }
    }
}

extension AppDatabase {
    /// The highest post id of the spool's ten-character kind (sessions' `s-…` ids have a dash), for the daemon's
    /// increasing ids to count on from.
    public func highestPostID() throws(StoreError) -> String? {
        try read { db in
            // Walked down the id index from the top: the first match ends it.
            try db.fetchValue(String.self, sql: """
                SELECT id FROM posts WHERE length(id) = 10 AND id NOT LIKE '%-%' ORDER BY id DESC LIMIT 1
                """)
        }
    }
}

extension AppDatabase {
    /// Which of `ids` are already the `Id:` of a post for `account` (`herald import` skips those rows): read from the
    /// `(account, submitter_id)` index, a few hundred at a time.
    public func takenSubmitterIDs(_ ids: [String], account: String) throws(StoreError) -> Set<String> {
        try read { db in
            var taken: Set<String> = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let rows = try db.fetchValues(
                    String.self,
                    sql: "SELECT submitter_id FROM targets WHERE account = ? AND submitter_id IN ("
                        + databaseQuestionMarks(count: chunk.count) + ")",
                    arguments: SQLArguments([account]) + SQLArguments(chunk))
                taken.formUnion(rows)
            }
            return taken
        }
    }
}
