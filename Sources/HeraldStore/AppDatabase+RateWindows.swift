import Foundation

extension AppDatabase {
    /// Records that `account`'s publishing window is exhausted until `until` (issue 17: the account's next holder
    /// reads it). A later end wins; an earlier one never shortens a known block.
    public func noteRateLimit(account: String, until: Date, now: Date) throws(StoreError) {
        try transaction(account: account) { db in
            try db.execute(
                sql: """
                    INSERT INTO rate_windows (account, blocked_until, noted_at) VALUES (?, ?, ?)
                    ON CONFLICT (account) DO UPDATE SET noted_at = excluded.noted_at,
                        blocked_until = CASE WHEN excluded.blocked_until > rate_windows.blocked_until
                                             THEN excluded.blocked_until ELSE rate_windows.blocked_until END
                    """,
                arguments: [account, until.timeIntervalSince1970, now.timeIntervalSince1970], cached: true)
        }
    }

    /// The end of `account`'s exhausted window, when one is known and still ahead of `now`.
    public func rateLimitedUntil(account: String, now: Date) throws(StoreError) -> Date? {
        try read { db in
            try db.fetchValue(
                Double.self, sql: "SELECT blocked_until FROM rate_windows WHERE account = ? AND blocked_until > ?",
                arguments: [account, now.timeIntervalSince1970], cached: true
            ).map(Date.init(timeIntervalSince1970:))
        }
    }
}
