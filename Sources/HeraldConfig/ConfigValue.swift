import TOMLKit

/// A TOML value as plain Swift data, so that the rest of Herald never touches TOMLKit's pointer-backed types
/// (which are neither `Sendable` nor value types). Used for the parts of the file kept lightly typed for now.
public indirect enum ConfigValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// A TOML offset date-time, local date-time, local date or local time, as TOML writes it.
    case dateTime(String)
    case array([ConfigValue])
    case table([String: ConfigValue])

    /// How error messages name this kind of value: "a string", "an integer", "a table", …
    public var typeDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a floating-point number"
        case .boolean: "a boolean"
        case .dateTime: "a date or time"
        case .array: "an array"
        case .table: "a table"
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var integerValue: Int? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The value of an integer or a floating-point number.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .float(let value): value
        default: nil
        }
    }

    public var arrayValue: [ConfigValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    public var tableValue: [String: ConfigValue]? {
        if case .table(let value) = self { value } else { nil }
    }
}

extension ConfigValue {
    /// Copies a TOMLKit value, recursively.
    init(_ value: any TOMLValueConvertible) {
        switch value.type {
        case .string: self = .string(value.string ?? "")
        case .int: self = .integer(value.int ?? 0)
        case .double: self = .float(value.double ?? 0)
        case .bool: self = .boolean(value.bool ?? false)
        case .date: self = .dateTime(value.date?.debugDescription ?? "")
        case .time: self = .dateTime(value.time?.debugDescription ?? "")
        case .dateTime: self = .dateTime(value.dateTime?.debugDescription ?? "")
        case .array: self = .array(value.array.map { $0.map(ConfigValue.init) } ?? [])
        case .table: self = .table(value.table.map(ConfigValue.fields) ?? [:])
        }
    }

    /// Copies the entries of a TOMLKit table.
    static func fields(of table: TOMLTable) -> [String: ConfigValue] {
        var fields: [String: ConfigValue] = [:]
        for key in table.keys {
            if let value = table[key] { fields[key] = ConfigValue(value) }
        }
        return fields
    }
}
