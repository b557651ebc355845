import Synchronization

/// Turns the store's SQL, written once for both backends, into PostgreSQL's: `?` placeholders become `$1…$n`,
/// SQLite's planner hints (`INDEXED BY name`, `CROSS JOIN … ON`: PostgreSQL's planner needs no help) are
/// dropped, and the
/// few SQLite function names with a PostgreSQL twin are renamed (`group_concat` → `string_agg`, `char` → `chr`,
/// `ifnull` → `coalesce`). Quoted text ('…' and "…") is copied untouched.
///
/// Everything else must already be common SQL; `StoreConnection` says which forms that means.
enum PostgresDialect {
    private static let renamed = ["group_concat": "string_agg", "char": "chr", "ifnull": "coalesce"]
    private static let cache = Mutex<[String: String]>([:])
    /// Distinct statements kept translated (the store has a few hundred; dynamic lists of placeholders add some).
    private static let cacheLimit = 2_000

    static func translate(_ sql: String) -> String {
        if let known = cache.withLock({ $0[sql] }) { return known }
        let translated = rewrite(sql)
        cache.withLock { cache in
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[sql] = translated
        }
        return translated
    }

    static func rewrite(_ sql: String) -> String {
        let characters = Array(sql.replacing(indexHint, with: "").replacing(crossJoin, with: "JOIN").unicodeScalars)
        var output = String.UnicodeScalarView()
        var placeholder = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "'", "\"":
                var end = index + 1
                while end < characters.count {
                    if characters[end] == character {
                        // A doubled quote is one quote inside the literal.
                        if end + 1 < characters.count && characters[end + 1] == character { end += 2; continue }
                        break
                    }
                    end += 1
                }
                output.append(contentsOf: characters[index...min(end, characters.count - 1)])
                index = end + 1
            case "?":
                placeholder += 1
                output.append(contentsOf: "$\(placeholder)".unicodeScalars)
                index += 1
            case _ where isWord(character):
                var end = index
                while end < characters.count, isWord(characters[end]) { end += 1 }
                let word = String(String.UnicodeScalarView(characters[index..<end]))
                if let twin = renamed[word.lowercased()], end < characters.count, characters[end] == "(" {
                    output.append(contentsOf: twin.unicodeScalars)
                } else {
                    output.append(contentsOf: word.unicodeScalars)
                }
                index = end
            default:
                output.append(character)
                index += 1
            }
        }
        return String(output)
    }

    private static func isWord(_ character: Unicode.Scalar) -> Bool {
        character.properties.isAlphabetic || character == "_" || ("0"..."9").contains(character)
    }

    nonisolated(unsafe) private static let indexHint = #/(?i)\s+INDEXED\s+BY\s+\w+/#
    /// SQLite's way of fixing the join order (`CROSS JOIN … ON`); PostgreSQL takes no `ON` after `CROSS JOIN`
    /// and chooses the order itself. The store has no true cross join.
    nonisolated(unsafe) private static let crossJoin = #/(?i)\bCROSS\s+JOIN\b/#
}
