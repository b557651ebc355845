import Foundation

/// Which part of the queue `herald queue` shows (issue 12: a queue of a million posts is paged, not printed whole):
/// one account, due times in `[from, to)`, at most `limit` entries, soonest first.
public struct QueueFilter: Sendable, Equatable {
    public var account: String?
    public var from: Date?
    public var to: Date?
    /// Nil for every matching entry.
    public var limit: Int?

    public init(account: String? = nil, from: Date? = nil, to: Date? = nil, limit: Int? = nil) {
        self.account = account
        self.from = from
        self.to = to
        self.limit = limit
    }

    /// The `WHERE` conditions after the state test, and their arguments.
    var conditions: (sql: String, arguments: [Double?]) {
        var sql = ""
        var arguments: [Double?] = []
        if account != nil { sql += " AND t.account = ?" }
        if let from {
            sql += " AND t.next_attempt_at >= ?"
            arguments.append(from.timeIntervalSince1970)
        }
        if let to {
            sql += " AND t.next_attempt_at < ?"
            arguments.append(to.timeIntervalSince1970)
        }
        return (sql, arguments)
    }
}
