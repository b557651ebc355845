import Foundation

/// Writes JSON the way every `--json` flag does: pretty, keys sorted, slashes unescaped.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// What every listing command prints: the JSON array with `--json`, else one line per item, or `empty`.
    static func list<T: Encodable>(_ items: [T], json: Bool, empty: String, line: (T) -> String) throws {
        if json {
            try print(items)
        } else if items.isEmpty {
            Swift.print(empty)
        } else {
            for item in items { Swift.print(line(item)) }
        }
    }
}
