import Foundation
import GRDB
import Logging
import NIOCore
import PostgresNIO

/// One PostgreSQL connection lent to one store transaction: runs the store's SQL (translated by
/// ``PostgresDialect``) with `SQLArguments` bound as `$1…$n`, and hands rows back as GRDB `Row`s, so store
/// operations decode the same way on both backends.
///
/// Values map as SQLite holds them: integers of any width and booleans become `Int64` (booleans 1 or 0),
/// `numeric` (what `SUM` of integers gives) an `Int64` when whole or else a `Double`, `bytea` a blob, and
/// every other type its text.
final class PostgresSession {
    let connection: PostgresConnection
    private let logger: Logger
    /// False once a statement failed in a way that leaves the connection unfit for the next transaction (its
    /// socket closed, or a ROLLBACK that did not go through).
    private(set) var isUsable = true
    /// Cursors declared so far on this session (each walk names its own).
    private var cursors = 0

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Runs one statement and returns its rows and how many rows it changed.
    func query(_ sql: String, _ arguments: SQLArguments = []) throws -> (rows: [Row], changed: Int) {
        let result = try run(sql, arguments)
        return (try result.rows.map(Self.row), result.metadata.rows ?? 0)
    }

    /// The first column of each row of a query (GRDB rows built from PostgreSQL's have no column order).
    func column(_ sql: String, _ arguments: SQLArguments = []) throws -> [DatabaseValue] {
        try run(sql, arguments).rows.map { row in
            var cells = row.makeIterator()
            guard let cell = cells.next() else { return .null }
            return try Self.value(cell)
        }
    }

    /// Walks the rows of a query through a server-side cursor, `batch` rows per round trip, until `body` returns
    /// false: a walk that stops early (the due summary) reads only what it looked at, however long the queue.
    /// Only inside a transaction (cursors live as long as theirs).
    func walk(_ sql: String, _ arguments: SQLArguments, batch: Int = 256, _ body: (Row) throws -> Bool) throws {
        cursors += 1
        let name = "herald_walk_\(cursors)"
        _ = try run("DECLARE \(name) NO SCROLL CURSOR FOR " + sql, arguments)
        defer { _ = try? run("CLOSE \(name)", []) }
        while true {
            let rows = try run("FETCH \(batch) FROM \(name)", []).rows
            for row in rows where try !body(try Self.row(row)) { return }
            if rows.count < batch { return }
        }
    }

    private func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value.storage {
            case .null: bindings.appendNull()
            case let .int64(number): bindings.append(number)
            case let .double(number): bindings.append(number)
            case let .string(text): bindings.append(text)
            case let .blob(data): bindings.append(ByteBuffer(bytes: data))
            }
        }
        let query = PostgresQuery(unsafeSQL: PostgresDialect.translate(sql), binds: bindings)
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            if Self.breaksConnection(error) { isUsable = false }
            throw error
        }
    }

    /// Runs a script of statements without arguments (DDL, `BEGIN`, `COMMIT`), one statement at a time:
    /// postgres-nio speaks only the extended protocol, which takes one statement per message.
    func script(_ sql: String) throws {
        for statement in Self.statements(sql) {
            do {
                _ = try connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).wait()
            } catch {
                if Self.breaksConnection(error) { isUsable = false }
                throw error
            }
        }
    }

    /// `sql` cut at each `;` that ends a statement: not inside quotes or a dollar-quoted body (`$$ … $$`, the
    /// bodies of PL/pgSQL functions).
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var inDollar = false
        var previous: Character?
        for character in sql {
            current.append(character)
            if inDollar {
                if character == "$" && previous == "$" { inDollar = false; previous = nil; continue }
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "$" && previous == "$" {
                inDollar = true
                previous = nil
                continue
            } else if character == ";" {
                current.removeLast()
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            }
            previous = character
        }
        let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !statement.isEmpty { statements.append(statement) }
        return statements
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        do {
            try script(begin)
        } catch {
            // BEGIN may have gone through before a later statement of `begin` failed: never hand the connection
            // back inside an aborted transaction.
            do { try script("ROLLBACK") } catch { isUsable = false }
            throw error
        }
        let result: T
        do {
            result = try body()
        } catch {
            do { try script("ROLLBACK") } catch { isUsable = false }
            throw error
        }
        try script("COMMIT")
        return result
    }

    private static func row(_ row: PostgresRow) throws -> Row {
        var values: [String: DatabaseValue] = [:]
        for cell in row {
            values[cell.columnName] = try value(cell)
        }
        return Row(values)
    }

    static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid: return try cell.decode(Int64.self).databaseValue
        case .float4, .float8: return try cell.decode(Double.self).databaseValue
        case .bool: return (try cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .bytea: return Data(buffer: try cell.decode(ByteBuffer.self)).databaseValue
        case .numeric:
            // SUM of integers: whole numbers stay integers, as SQLite's do.
            let number = NSDecimalNumber(decimal: try cell.decode(Decimal.self))
            let double = number.doubleValue
            if double == double.rounded(), abs(double) < 9.0e18 { return Int64(double).databaseValue }
            return double.databaseValue
        default: return try cell.decode(String.self).databaseValue
        }
    }

    /// Whether an error leaves the connection unfit for another transaction: anything but an error the server
    /// reported for a statement, and the server's own "connection ends" classes (57: shut down or terminated,
    /// 08: connection exceptions). A closed socket can look open until its FATAL message has been read.
    static func breaksConnection(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return true }
        let state = error.serverInfo?[.sqlState] ?? ""
        return state.hasPrefix("57") || state.hasPrefix("08")
    }

    /// A PostgreSQL error with the server's own words (postgres-nio's description hides them).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState].map { " (\($0))" } ?? ""
                let detail = error.serverInfo?[.detail].map { ": \($0)" } ?? ""
                return message + detail + code
            }
            return String(describing: error.code)
        }
        return String(describing: error)
    }
}
