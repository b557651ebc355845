import Foundation

/// A parsed JSON value, for checking the exact shape of what the daemon and the CLI print (which keys, null versus
/// absent), not only what a Decodable struct would accept.
enum JSON: Equatable, Sendable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    static func parse(_ data: Data) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: data)
    }

    static func parse(_ text: String) throws -> JSON {
        try parse(Data(text.utf8))
    }

    subscript(key: String) -> JSON? {
        if case let .object(fields) = self { return fields[key] }
        return nil
    }

    subscript(index: Int) -> JSON? {
        if case let .array(items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    var string: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    var int: Int? {
        if case let .number(value) = self, value == value.rounded() { return Int(value) }
        return nil
    }

    var bool: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    var array: [JSON]? {
        if case let .array(items) = self { return items }
        return nil
    }

    var object: [String: JSON]? {
        if case let .object(fields) = self { return fields }
        return nil
    }

    var isNull: Bool { self == .null }

    /// The keys of an object (empty for anything else).
    var keys: Set<String> { Set(object?.keys.map { $0 } ?? []) }

    /// An RFC 3339 string as a date.
    var date: Date? { string.flatMap(RFC3339Parse.date) }

    var description: String {
        switch self {
        case .null: "null"
        case let .bool(value): "\(value)"
        case let .number(value): value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        case let .string(value): "\"\(value)\""
        case let .array(items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case let .object(fields):
            "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// RFC 3339 in and out, as the tests need it.
enum RFC3339Parse {
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// Whole seconds, UTC: `2026-11-23T14:00:00Z`.
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Whole seconds with the zone's offset: `2026-11-23T09:00:00-05:00`.
    static func local(_ date: Date, zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = zone
        return formatter.string(from: date)
    }
}
