import GRDB

/// Statements run through the connection's statement cache. Each `execute(sql:)` or `fetch…(sql:)` compiles its
/// SQL again, and GRDB watches every compilation (its authorizer): over the thirty-odd statements one `At: now`
/// post runs (accept, the loop's step twice, claim, record) that was a measurable share of the path (issue 12).
/// Only for single statements without interpolated values.
extension Database {
    func run(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension Row {
    static func fetchOne(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments())
        throws -> Row?
    {
        try fetchOne(try db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchAll(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments())
        throws -> [Row]
    {
        try fetchAll(try db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchCursor(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments())
        throws -> RowCursor
    {
        try fetchCursor(try db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible {
    static func fetchOne(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments())
        throws -> Self?
    {
        try fetchOne(try db.cachedStatement(sql: sql), arguments: arguments)
    }
}
