import Foundation
import GRDB

/// Published statuses written directly, without posts behind them, for the benchmark's 100,000-status history
/// and for tests that need a long past. Not for production use: nothing else writes `statuses` but a publish.
extension AppDatabase {
    /// Inserts statuses `(remote id, published at)` for `account`, numbered after its last one, in one
    /// transaction; the metrics trigger schedules each as a publish would.
    @_spi(Seeding)
    public func seedPublishedStatuses(account: String, _ statuses: [(remoteID: String, publishedAt: Date)])
        throws(StoreError)
    {
        try transaction { db in
            var seq = try db.fetchValue(
                Int.self, sql: "SELECT MAX(seq) FROM statuses WHERE account = ?", arguments: [account]
            ) ?? 0
            for status in statuses {
                seq += 1
                try db.execute(
                    sql: """
                        INSERT INTO statuses (account, seq, target_id, part, kind, remote_id, in_reply_to, published_at)
                        VALUES (?, ?, NULL, 0, 'post', ?, NULL, ?)
                        """,
                    arguments: [account, seq, status.remoteID, status.publishedAt.timeIntervalSince1970], cached: true
                )
            }
        }
    }
}
