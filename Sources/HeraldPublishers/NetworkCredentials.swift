import Foundation

/// The secrets of one network account, parsed from the file its `credentials` key names (read by
/// ``CredentialSource``).
///
/// Two forms are accepted:
/// - a JSON object whose values are strings (numbers and booleans are taken as their JSON text);
/// - `key = value` lines: blank lines and lines starting with `#` are ignored, spaces around the key and the value
///   are trimmed, and the value may be wrapped in double quotes.
///
/// The values are never logged: ``description`` names the keys only.
public struct NetworkCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The account the secrets belong to, for error messages.
    public let account: String
    private let values: [String: String]

    public init(account: String, values: [String: String]) {
        self.account = account
        self.values = values
    }

    /// Parses a credentials file's text.
    public init(account: String, text: String) throws(NetworkCredentialsError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            self.init(account: account, values: try Self.parseJSON(trimmed, account: account))
        } else {
            self.init(account: account, values: try Self.parseLines(text, account: account))
        }
    }

    /// The value of `key`, or an error naming the account and the key (never a value).
    public func require(_ key: String) throws(NetworkCredentialsError) -> String {
        guard let value = values[key], !value.isEmpty else { throw .missingKey(account: account, key: key) }
        return value
    }

    /// The value of `key` when present and not empty.
    public func optional(_ key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    /// The keys present, sorted.
    public var keys: [String] { values.keys.sorted() }

    public var description: String { "credentials of \(account) (keys: \(keys.joined(separator: ", ")))" }

    private static func parseJSON(_ text: String, account: String) throws(NetworkCredentialsError) -> [String: String] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw .malformed(account: account, line: nil, reason: "not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw .malformed(account: account, line: nil, reason: "the JSON is not an object")
        }
        var values: [String: String] = [:]
        for (key, value) in dictionary {
            switch value {
            case let string as String: values[key] = string
            case let number as NSNumber: values[key] = number.stringValue
            default: throw .malformed(account: account, line: nil, reason: "the value of \(key) is not a string")
            }
        }
        return values
    }

    private static func parseLines(
        _ text: String, account: String
    ) throws(NetworkCredentialsError) -> [String: String] {
        var values: [String: String] = [:]
        // "\r\n" is one Character in Swift: make it "\n" before splitting into lines.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .malformed(account: account, line: index + 1, reason: "expected key = value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty else { throw .malformed(account: account, line: index + 1, reason: "empty key") }
            values[key] = value
        }
        return values
    }
}
