import Foundation
import GRDB

/// Paused accounts (issue 13): kept across restarts, cleared when new credentials arrive.
extension AppDatabase {
    /// Every paused account, by name.
    public func pauses() throws(StoreError) -> [String: AccountPause] {
        try read { db in
            var result: [String: AccountPause] = [:]
            for row in try db.fetchAll(sql: "SELECT * FROM account_pauses") {
                let pause = AccountPause(
                    account: row["account"], reason: row["reason"],
                    pausedAt: Date(timeIntervalSince1970: row["paused_at"]), credentials: row["credentials"])
                result[pause.account] = pause
            }
            return result
        }
    }

    /// Pauses an account whose credentials the network refused outside a publish (a metrics fetch).
    public func pause(_ pause: AccountPause) throws(StoreError) {
        try transaction { db in try savePause(db, pause) }
    }

    /// Ends the pause of `account` (no-op when it is not paused).
    public func resume(account: String) throws(StoreError) {
        try transaction { db in
            try db.execute(sql: "DELETE FROM account_pauses WHERE account = ?", arguments: [account])
        }
    }

    func savePause(_ db: StoreConnection, _ pause: AccountPause) throws {
        try db.execute(
            sql: """
                INSERT INTO account_pauses (account, reason, paused_at, credentials) VALUES (?, ?, ?, ?)
                ON CONFLICT(account) DO UPDATE SET reason = excluded.reason, paused_at = excluded.paused_at,
                                                   credentials = excluded.credentials
                """,
            arguments: [pause.account, pause.reason, pause.pausedAt.timeIntervalSince1970, pause.credentials])
    }

    /// The never-attempted scheduled targets of `accounts` due in (`after`, `through`]: the posts of paused
    /// accounts whose `max_lateness` ran out since the last look (the window keeps a post `on_missed` let through,
    /// "publish late", from being judged again at every step). Session posts are left out, as in ``overdue(before:)``.
    public func overdue(after: Date, through: Date, accounts: Set<String>) throws(StoreError) -> [QueueEntry] {
        guard !accounts.isEmpty else { return [] }
        let names = accounts.sorted()
        return try read { db in
            try db.fetchAll(
                sql: Self.entryColumns(index: "targets_queue_order") + """
                     WHERE \(Self.neverAttempted) AND t.next_attempt_at > ? AND t.next_attempt_at <= ?
                      AND t.account IN (\(databaseQuestionMarks(count: names.count)))
                    ORDER BY t.next_attempt_at, t.id
                    """,
                arguments: SQLArguments([after.timeIntervalSince1970, through.timeIntervalSince1970])
                    + SQLArguments(names)
            ).map(Self.entry)
        }
    }

    /// The earliest `next_attempt_at` after `after` among the never-attempted scheduled targets of `accounts`: when
    /// the next of their posts can be missed is that plus `max_lateness`.
    public func earliestWaiting(after: Date, accounts: Set<String>) throws(StoreError) -> Date? {
        try read { db in
            var earliest: Double?
            for account in accounts {
                let due = try db.fetchValue(
                    Double.self,
                    sql: """
                        SELECT MIN(next_attempt_at) FROM targets
                        WHERE state = 'scheduled' AND account = ? AND next_attempt_at > ?
                          AND attempts = 0 AND parts_done = 0
                        """,
                    arguments: [account, after.timeIntervalSince1970], cached: true)
                if let due { earliest = min(earliest ?? due, due) }
            }
            return earliest.map { Date(timeIntervalSince1970: $0) }
        }
    }
}
