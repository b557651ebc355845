import Foundation
import GRDB
import HeraldCore

/// Evergreen folders (issue 14): which file filled which slot.
extension AppDatabase {
    /// Every slot an evergreen file was submitted for on `account`, for the picker's least-recently-used order.
    public func evergreenUses(account: String) throws(StoreError) -> [EvergreenUse] {
        try read { db in
            try db.fetchAll(
                sql: "SELECT file_name, content_hash, slot FROM evergreen_uses WHERE account = ? ORDER BY slot",
                arguments: [account]
            ).map {
                EvergreenUse(fileName: $0["file_name"], contentHash: $0["content_hash"],
                             slot: Date(timeIntervalSince1970: $0["slot"]))
            }
        }
    }

    /// What was submitted for `slot` on `account`, if anything.
    public func evergreenSubmission(account: String, slot: Date) throws(StoreError) -> EvergreenSubmission? {
        try read { db in
            try db.fetchOne(
                sql: "SELECT file_name, content_hash, submitter_id FROM evergreen_uses WHERE account = ? AND slot = ?",
                arguments: [account, slot.timeIntervalSince1970]
            ).map {
                EvergreenSubmission(
                    account: account,
                    use: EvergreenUse(fileName: $0["file_name"], contentHash: $0["content_hash"], slot: slot),
                    submitterID: $0["submitter_id"])
            }
        }
    }

    /// Records the file chosen for a slot, before its post file is written. The first record of a slot wins: a
    /// second one (two processes, a retry) changes nothing, and the one that stands is returned.
    public func recordEvergreen(_ submission: EvergreenSubmission, now: Date) throws(StoreError)
        -> EvergreenSubmission
    {
        try transaction { db in
            try db.execute(
                sql: """
                    INSERT INTO evergreen_uses (account, slot, file_name, content_hash, submitter_id, used_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(account, slot) DO NOTHING
                    """,
                arguments: [submission.account, submission.use.slot.timeIntervalSince1970, submission.use.fileName,
                            submission.use.contentHash, submission.submitterID, now.timeIntervalSince1970]
            )
            let row = try db.fetchOne(
                sql: "SELECT file_name, content_hash, submitter_id FROM evergreen_uses WHERE account = ? AND slot = ?",
                arguments: [submission.account, submission.use.slot.timeIntervalSince1970]
            )
            guard let row else { return submission }
            return EvergreenSubmission(
                account: submission.account,
                use: EvergreenUse(fileName: row["file_name"], contentHash: row["content_hash"],
                                  slot: submission.use.slot),
                submitterID: row["submitter_id"])
        }
    }

    /// Whether a post with this `Id:` was accepted for `account` (whatever became of it since).
    public func isSubmitterIDTaken(_ submitterID: String, account: String) throws(StoreError) -> Bool {
        try read { db in
            try db.fetchValue(
                Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM targets WHERE account = ? AND submitter_id = ?)",
                arguments: [account, submitterID]
            ) ?? false
        }
    }
}
