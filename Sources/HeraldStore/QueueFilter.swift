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

    /// The `WHERE` clause of the queue (its states, then this filter's conditions on `t`) and its arguments, for
    /// the page and for its count alike.
    var whereClause: (sql: String, arguments: SQLArguments) {
        var sql = " WHERE t.state IN ('scheduled', 'publishing', 'held')"
        var arguments: SQLArguments = []
        if let account {
            sql += " AND t.account = ?"
            arguments.append(account)
        }
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
