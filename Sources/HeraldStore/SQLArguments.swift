import GRDB

/// The values bound to one statement's `?` placeholders, in order: one type for both backends (SQLite binds them
/// through GRDB, PostgreSQL as `$1…$n`), so a store operation's SQL and arguments are written once.
public struct SQLArguments: ExpressibleByArrayLiteral, Sendable {
    /// The values in placeholder order; a nil element binds NULL.
    public private(set) var values: [DatabaseValue]

    public init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        values = elements.map { $0?.databaseValue ?? .null }
    }

    public init(_ elements: some Sequence<(any DatabaseValueConvertible)?>) {
        values = elements.map { $0?.databaseValue ?? .null }
    }

    /// Binds one more placeholder.
    public mutating func append(_ value: (any DatabaseValueConvertible)?) {
        values.append(value?.databaseValue ?? .null)
    }

    public static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments {
        var result = lhs
        result.values += rhs.values
        return result
    }

    /// The same values for GRDB.
    var statement: StatementArguments { StatementArguments(values) }
}
