import GRDB

/// One connection inside one transaction (or one read snapshot), on whichever backend holds Herald's state.
///
/// Store operations speak only through this type, so each operation's SQL is written once for SQLite and
/// PostgreSQL alike (issue 17): `?` placeholders, `ON CONFLICT … DO NOTHING|UPDATE` rather than `INSERT OR …`,
/// `COALESCE` rather than `IFNULL`, and `insertReturningID` rather than `last_insert_rowid()`. Rows come back as
/// GRDB `Row`s on both backends, so decoding code does not care either.
///
/// `cached: true` runs the statement through the connection's statement cache: only for single statements whose
/// text never varies, or the cache grows with every distinct text. Each uncached statement is compiled again, and
/// GRDB watches every compilation (its authorizer): over the thirty-odd statements one `At: now` post runs
/// (accept, the loop's step twice, claim, record) that was a measurable share of the path (issue 12).
struct StoreConnection {
    enum Backend {
        case sqlite(Database)
        case postgres(PostgresSession)
    }

    let backend: Backend

    init(_ db: Database) {
        backend = .sqlite(db)
    }

    init(_ session: PostgresSession) {
        backend = .postgres(session)
    }

    /// Whether this is a PostgreSQL connection, for the few clauses only it has (`FOR UPDATE SKIP LOCKED`).
    var isPostgres: Bool {
        if case .postgres = backend { return true }
        return false
    }

    /// Runs one statement.
    func execute(sql: String, arguments: SQLArguments = [], cached: Bool = false) throws {
        switch backend {
        case let .sqlite(db):
            if cached {
                try db.cachedStatement(sql: sql).execute(arguments: arguments.statement)
            } else {
                try db.execute(sql: sql, arguments: arguments.statement)
            }
        case let .postgres(session):
            _ = try session.query(sql, arguments)
        }
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    func executeCounting(sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> Int {
        switch backend {
        case let .sqlite(db):
            try execute(sql: sql, arguments: arguments, cached: cached)
            return db.changesCount
        case let .postgres(session):
            return try session.query(sql, arguments).changed
        }
    }

    /// Runs one `INSERT` into a table whose primary key is an integer `id` and returns the new row's id.
    /// `sql` has no `RETURNING` clause: each backend gets the id its own way.
    func insertReturningID(sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> Int64 {
        switch backend {
        case let .sqlite(db):
            try execute(sql: sql, arguments: arguments, cached: cached)
            return db.lastInsertedRowID
        case let .postgres(session):
            guard let id = try session.column(sql + " RETURNING id", arguments).first.flatMap(Int64.fromDatabaseValue)
            else { throw StoreError.database(path: "postgres", reason: "INSERT returned no id: \(sql)") }
            return id
        }
    }

    /// Every row of a query.
    func fetchAll(sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> [Row] {
        switch backend {
        case let .sqlite(db):
            cached
                ? try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments.statement)
                : try Row.fetchAll(db, sql: sql, arguments: arguments.statement)
        case let .postgres(session):
            try session.query(sql, arguments).rows
        }
    }

    /// The first row of a query, if any.
    func fetchOne(sql: String, arguments: SQLArguments = [], cached: Bool = false) throws -> Row? {
        switch backend {
        case let .sqlite(db):
            cached
                ? try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments.statement)
                : try Row.fetchOne(db, sql: sql, arguments: arguments.statement)
        case let .postgres(session):
            try session.query(sql, arguments).rows.first
        }
    }

    /// Walks the rows of a query one at a time, without holding them all (a long result: the whole queue).
    /// `body` must copy what it keeps from the row: SQLite reuses it for the next one.
    func forEach(
        sql: String, arguments: SQLArguments = [], cached: Bool = false, _ body: (Row) throws -> Void
    ) throws {
        try walk(sql: sql, arguments: arguments, cached: cached) { row in
            try body(row)
            return true
        }
    }

    /// Walks the rows of a query one at a time as long as `body` returns true: the rows after the one it stops at
    /// are never read (the queue in due order, until the first row that settles the question).
    func walk(
        sql: String, arguments: SQLArguments = [], cached: Bool = false, _ body: (Row) throws -> Bool
    ) throws {
        switch backend {
        case let .sqlite(db):
            let cursor = cached
                ? try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments.statement)
                : try Row.fetchCursor(db, sql: sql, arguments: arguments.statement)
            while let row = try cursor.next(), try body(row) {}
        case let .postgres(session):
            try session.walk(sql, arguments, body)
        }
    }

    /// The first column of the first row, or nil when there is no row or it holds NULL.
    func fetchValue<Value: DatabaseValueConvertible>(
        _ type: Value.Type, sql: String, arguments: SQLArguments = [], cached: Bool = false
    ) throws -> Value? {
        switch backend {
        case .sqlite:
            guard let row = try fetchOne(sql: sql, arguments: arguments, cached: cached) else { return nil }
            let value: DatabaseValue = row[0]
            return Value.fromDatabaseValue(value)
        case let .postgres(session):
            return try session.column(sql, arguments).first.flatMap(Value.fromDatabaseValue)
        }
    }

    /// The first column of every row (rows holding NULL are left out).
    func fetchValues<Value: DatabaseValueConvertible>(
        _ type: Value.Type, sql: String, arguments: SQLArguments = [], cached: Bool = false
    ) throws -> [Value] {
        switch backend {
        case .sqlite:
            return try fetchAll(sql: sql, arguments: arguments, cached: cached).compactMap { row in
                let value: DatabaseValue = row[0]
                return Value.fromDatabaseValue(value)
            }
        case let .postgres(session):
            return try session.column(sql, arguments).compactMap(Value.fromDatabaseValue)
        }
    }
}
