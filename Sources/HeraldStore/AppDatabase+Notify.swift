import Foundation
import GRDB
import HeraldCore

/// Notifications (issue 15). Triggers (migration `v12-notifications`) record each event a `[[notify]]` entry may
/// want in the transaction that records the event itself; the daemon then routes it into one delivery per entry
/// that wants it, sends the due ones, and records each attempt's outcome here, so a restart resends exactly what
/// was not acknowledged.
extension AppDatabase {
    /// Routes up to `limit` recorded notifications to `targets`: one pending delivery (due `now`, with a new UUID)
    /// per target that wants it, in one transaction. A notification no target wants is deleted. Returns how many
    /// deliveries were created.
    @discardableResult
    public func routeNotifications(to targets: [NotifyTarget], now: Date, limit: Int = 500) throws(StoreError) -> Int {
        try transaction { db in
            let rows = try db.fetchAll(
                sql: "SELECT id, event, account FROM notifications WHERE routed = 0 ORDER BY id LIMIT ?",
                arguments: [limit])
            var created = 0
            for row in rows {
                let id: Int64 = row["id"]
                let accounts = (row["account"] as String?)?.split(separator: ",").map(String.init) ?? []
                let wanting = NotifyEvent(rawValue: row["event"]).map { event in
                    targets.filter { $0.wants(event, accounts: accounts) }
                } ?? []
                guard !wanting.isEmpty else {
                    try db.execute(sql: "DELETE FROM notifications WHERE id = ?", arguments: [id])
                    continue
                }
                for target in wanting {
                    created += try db.executeCounting(
                        sql: """
                            INSERT INTO notify_deliveries (id, notification_id, target, state, next_attempt_at)
                            VALUES (?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING
                            """,
                        arguments: [UUID().uuidString.lowercased(), id, target.name, now.timeIntervalSince1970])
                }
                try db.execute(sql: "UPDATE notifications SET routed = 1 WHERE id = ?", arguments: [id])
            }
            return created
        }
    }

    /// Records an event the daemon notices itself (expiring credentials), once per `dedupe` key: recording it
    /// again (after a restart) does nothing.
    public func recordNotification(
        _ event: NotifyEvent, at: Date, account: String?, reason: String, dedupe: String
    ) throws(StoreError) {
        try transaction { db in
            try db.execute(
                sql: """
                    INSERT INTO notifications (event, at, account, reason, dedupe) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """,
                arguments: [event.rawValue, at.timeIntervalSince1970, account, reason, dedupe])
        }
    }

    /// The pending deliveries of `targets` due at `now`, oldest first, at most `limit`.
    public func dueDeliveries(targets: Set<String>, now: Date, limit: Int = 100) throws(StoreError)
        -> [NotifyDeliveryRecord]
    {
        guard !targets.isEmpty else { return [] }
        let names = targets.sorted()
        return try read { db in
            try db.fetchAll(
                sql: Self.deliveryColumns + """
                     WHERE d.state = 'pending' AND d.next_attempt_at <= ?
                      AND d.target IN (\(databaseQuestionMarks(count: names.count)))
                    ORDER BY d.next_attempt_at, n.id LIMIT ?
                    """,
                arguments: SQLArguments([now.timeIntervalSince1970]) + SQLArguments(names)
                    + SQLArguments([limit])
            ).map(Self.delivery)
        }
    }

    /// Sets aside the pending deliveries of entries no longer configured (removed or renamed by a reload), and takes
    /// back those of `targets` set aside before: at every step the due-delivery queries walk the pending rows, which
    /// must not include thousands left by an entry that is gone.
    public func parkDeliveries(keeping targets: Set<String>) throws(StoreError) {
        let names = targets.sorted()
        let list = databaseQuestionMarks(count: names.count)
        try transaction { db in
            if !names.isEmpty {
                try db.execute(
                    sql: "UPDATE notify_deliveries SET state = 'pending' WHERE state = 'parked' "
                        + "AND target IN (\(list))",
                    arguments: SQLArguments(names))
            }
            try db.execute(
                sql: "UPDATE notify_deliveries SET state = 'parked' WHERE state = 'pending'"
                    + (names.isEmpty ? "" : " AND target NOT IN (\(list))"),
                arguments: SQLArguments(names))
        }
    }

    /// When the next pending delivery of `targets` is due, if any is.
    public func nextDeliveryAt(targets: Set<String>) throws(StoreError) -> Date? {
        guard !targets.isEmpty else { return nil }
        let names = targets.sorted()
        return try read { db in
            try db.fetchValue(
                Double.self,
                sql: """
                    SELECT MIN(next_attempt_at) FROM notify_deliveries
                    WHERE state = 'pending' AND target IN (\(databaseQuestionMarks(count: names.count)))
                    """,
                arguments: SQLArguments(names)
            ).map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// Whether notifications wait to be routed.
    public func hasUnroutedNotifications() throws(StoreError) -> Bool {
        try read { db in
            try db.fetchValue(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM notifications WHERE routed = 0)") ?? false
        }
    }

    /// Records an attempt of delivery `id` made at `now`: acknowledged, to be retried at `retryAt`, or (neither)
    /// given up.
    public func recordDeliveryAttempt(
        _ id: String, acknowledged: Bool, error: String?, retryAt: Date?, now: Date
    ) throws(StoreError) {
        let state: NotifyDeliveryRecord.State = acknowledged ? .delivered : retryAt == nil ? .failed : .pending
        try transaction { db in
            try db.execute(
                sql: """
                    UPDATE notify_deliveries
                    SET state = ?, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?),
                        next_attempt_at = COALESCE(?, next_attempt_at), last_error = ?,
                        finished_at = CASE WHEN ? = 'pending' THEN NULL ELSE ? END
                    WHERE id = ? AND state = 'pending'
                    """,
                arguments: [state.rawValue, now.timeIntervalSince1970, retryAt?.timeIntervalSince1970, error,
                            state.rawValue, now.timeIntervalSince1970, id])
        }
    }

    /// Every delivery, oldest event first (for `herald` and the tests).
    public func deliveries() throws(StoreError) -> [NotifyDeliveryRecord] {
        try read { db in
            try db.fetchAll(sql: Self.deliveryColumns + " ORDER BY n.id, d.target").map(Self.delivery)
        }
    }

    private static let deliveryColumns = """
        SELECT d.id, d.target, d.state, d.attempts, d.first_attempt_at, d.next_attempt_at, d.last_error,
               n.event, n.at, n.account, n.post_id, n.reason, n.text, n.scheduled_at
        FROM notify_deliveries d JOIN notifications n ON n.id = d.notification_id
        """

    private static func delivery(_ row: Row) -> NotifyDeliveryRecord {
        let payload = NotifyPayload(
            delivery: row["id"], event: NotifyEvent(rawValue: row["event"]) ?? .failed,
            at: Date(timeIntervalSince1970: row["at"]), account: row["account"], postID: row["post_id"],
            reason: row["reason"], text: row["text"],
            scheduledAt: (row["scheduled_at"] as Double?).map { Date(timeIntervalSince1970: $0) })
        return NotifyDeliveryRecord(
            target: row["target"], state: NotifyDeliveryRecord.State(rawValue: row["state"]) ?? .pending,
            attempts: row["attempts"],
            firstAttemptAt: (row["first_attempt_at"] as Double?).map { Date(timeIntervalSince1970: $0) },
            nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]), lastError: row["last_error"],
            payload: payload)
    }
}
