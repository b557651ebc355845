/// Reads the keys of one TOML table into Swift values, turning every problem into a `ConfigError` located at the
/// line of the offending key or array element (or the table's header when a key is missing).
struct TableReader {
    let file: String
    let locator: TOMLSourceLocator
    /// The table's path in the document (`[]` for the top level).
    let path: ConfigPath
    /// How errors name the table: `daemon`, `accounts[1] (brand)`, empty for the top level.
    var subject: String
    let fields: [String: ConfigValue]

    /// What wrong-type errors say a duration is.
    static let durationType = "a duration such as \"20m\" or an integer number of seconds"

    // MARK: Errors and lines

    /// The line of a key of this table (or of this table's header when the key is not written).
    func line(of key: String) -> Int? { locator.nearestPosition(of: path + [.key(key)])?.line }

    /// The line of this table's header (or of its key, for an inline table).
    var line: Int? { locator.nearestPosition(of: path)?.line }

    /// An error at `relativePath` inside this table; `[]` means the table itself.
    func error(_ problem: ConfigProblem, at relativePath: ConfigPath = []) -> ConfigError {
        .invalid(file: file, line: locator.nearestPosition(of: path + relativePath)?.line, subject: subject,
                 problem: problem)
    }

    func error(_ problem: ConfigProblem, key: String) -> ConfigError { error(problem, at: [.key(key)]) }

    /// The line of every key present, for types that keep lines for later checks.
    var keyLines: [String: Int] {
        var lines: [String: Int] = [:]
        for key in fields.keys {
            if let line = locator.position(of: path + [.key(key)])?.line { lines[key] = line }
        }
        return lines
    }

    /// Fails on the first key (in file order) that is not in `allowed`, suggesting the nearest allowed key.
    func rejectUnknownKeys(allowed: [String]) throws(ConfigError) {
        let unknown = fields.keys.filter { !allowed.contains($0) }
        let first = unknown.min { (line(of: $0) ?? .max, $0) < (line(of: $1) ?? .max, $1) }
        guard let first else { return }
        throw error(.unknownKey(first, suggestion: Self.suggestion(for: first, among: allowed)), key: first)
    }

    /// The allowed key closest to a misspelt one, when it is close enough to be the likely intent.
    static func suggestion(for key: String, among allowed: [String]) -> String? {
        let scored = allowed.map { (candidate: $0, distance: editDistance(key.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        return best.distance <= max(1, min(3, best.candidate.count / 3)) ? best.candidate : nil
    }

    /// Edit distance over characters where swapping two neighbours counts as one edit, like inserting, deleting or
    /// replacing one (optimal string alignment), so `nmae` is one edit from `name`.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let lhs = Array(lhs), rhs = Array(rhs)
        guard !lhs.isEmpty, !rhs.isEmpty else { return max(lhs.count, rhs.count) }
        // distance[i][j]: between the first i characters of lhs and the first j of rhs.
        var distance = (0...lhs.count).map { i in (0...rhs.count).map { j in i == 0 ? j : (j == 0 ? i : 0) } }
        for i in 1...lhs.count {
            for j in 1...rhs.count {
                let cost = lhs[i - 1] == rhs[j - 1] ? 0 : 1
                var best = min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost)
                if i > 1, j > 1, lhs[i - 1] == rhs[j - 2], lhs[i - 2] == rhs[j - 1] {
                    best = min(best, distance[i - 2][j - 2] + 1)
                }
                distance[i][j] = best
            }
        }
        return distance[lhs.count][rhs.count]
    }

    // MARK: Typed values

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = fields[key] else { return nil }
        guard let text = value.stringValue else {
            throw error(.wrongType(key: key, expected: "a string", found: value.typeDescription), key: key)
        }
        return text
    }

    /// A string that must not be empty or blank.
    func nonEmptyString(_ key: String) throws(ConfigError) -> String? {
        guard let text = try string(key) else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else { throw error(.emptyValue(key: key), key: key) }
        return text
    }

    func boolean(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = fields[key] else { return nil }
        guard case let .boolean(flag) = value else {
            throw error(.wrongType(key: key, expected: "true or false", found: value.typeDescription), key: key)
        }
        return flag
    }

    func integer(_ key: String) throws(ConfigError) -> Int? {
        guard let value = fields[key] else { return nil }
        guard let number = value.integerValue else {
            throw error(.wrongType(key: key, expected: "an integer", found: value.typeDescription), key: key)
        }
        return number
    }

    /// An integer that must be zero or more.
    func nonNegativeInteger(_ key: String) throws(ConfigError) -> Int? {
        guard let number = try integer(key) else { return nil }
        guard number >= 0 else { throw error(.negative(key: key, value: String(number)), key: key) }
        return number
    }

    /// A duration in seconds: a string for `DurationParser` or an integer number of seconds. Never negative;
    /// zero only when `allowZero`.
    func duration(_ key: String, allowZero: Bool = true) throws(ConfigError) -> Double? {
        guard let value = fields[key] else { return nil }
        let seconds: Double
        let written: String
        switch value {
        case .integer(let number):
            seconds = Double(number)
            written = String(number)
        case .string(let text):
            guard let parsed = DurationParser.seconds(from: text) else {
                throw error(.badDuration(key: key, value: text), key: key)
            }
            seconds = parsed
            written = text
        default:
            throw error(.wrongType(key: key, expected: Self.durationType, found: value.typeDescription), key: key)
        }
        if seconds < 0 { throw error(.negative(key: key, value: written), key: key) }
        if seconds == 0 && !allowZero { throw error(.notPositive(key: key, value: written), key: key) }
        return seconds
    }

    /// An array of strings, each element's error at its own line.
    func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = fields[key] else { return nil }
        guard let elements = value.arrayValue else {
            throw error(.wrongType(key: key, expected: "an array of strings", found: value.typeDescription), key: key)
        }
        var texts: [String] = []
        for (index, element) in elements.enumerated() {
            guard let text = element.stringValue else {
                let problem = ConfigProblem.wrongType(key: "\(key)[\(index + 1)]", expected: "a string",
                                                      found: element.typeDescription)
                throw error(problem, at: [.key(key), .index(index)])
            }
            texts.append(text)
        }
        return texts
    }

    /// A table (a `[name]` section or an inline `{ … }` table).
    func table(_ key: String) throws(ConfigError) -> [String: ConfigValue]? {
        guard let value = fields[key] else { return nil }
        guard let table = value.tableValue else {
            throw error(.wrongType(key: key, expected: "a table", found: value.typeDescription), key: key)
        }
        return table
    }

    /// The tables of an array of tables (`[[name]]`); an absent key is an empty list.
    func arrayOfTables(_ key: String) throws(ConfigError) -> [[String: ConfigValue]] {
        guard let value = fields[key] else { return [] }
        let expected = "an array of tables ([[\(key)]])"
        guard let elements = value.arrayValue else {
            throw error(.wrongType(key: key, expected: expected, found: value.typeDescription), key: key)
        }
        var tables: [[String: ConfigValue]] = []
        for (index, element) in elements.enumerated() {
            guard let table = element.tableValue else {
                let problem = ConfigProblem.wrongType(key: key, expected: expected,
                                                      found: "an array containing " + element.typeDescription)
                throw error(problem, at: [.key(key), .index(index)])
            }
            tables.append(table)
        }
        return tables
    }

    /// A reader for a nested table of this one.
    func child(_ relativePath: ConfigPath, subject: String, fields: [String: ConfigValue]) -> TableReader {
        TableReader(file: file, locator: locator, path: path + relativePath, subject: subject, fields: fields)
    }
}
