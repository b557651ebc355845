/// A 1-based line and column in a config file. Columns count Unicode scalars.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// One step into a TOML document: a key of a table, or a 0-based index into an array (arrays of tables included).
public enum ConfigPathComponent: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let key): key
        case .index(let index): "[\(index)]"
        }
    }
}

/// Where a value sits in the document, e.g. `[.key("accounts"), .index(0), .key("slots"), .index(2)]`.
public typealias ConfigPath = [ConfigPathComponent]

/// Finds where keys, array elements and table headers are written in a TOML text.
///
/// TOMLKit 0.6.0 reports source positions only for syntax errors: its `TOMLTable` and `TOMLValue` do not expose
/// toml++'s `node::source()`. So semantic errors find their line here, with a small lexical scan of the text that
/// TOMLKit has already accepted. The scan follows TOML's structure just far enough to know which path each key or
/// element belongs to:
/// - `[table]` headers set the current table; `[[array]]` headers count their occurrences, so the second
///   `[[accounts]]` is `accounts[1]`; a header like `[accounts.extra]` belongs to the last `[[accounts]]`;
/// - `key = value` lines (dotted and quoted keys included) are recorded under the current table;
/// - values are skipped with their strings (all four kinds, multi-line ones too), arrays (each element recorded by
///   index, even across lines) and inline tables (each key recorded);
/// - comments and blank lines are skipped.
///
/// The first occurrence of a path wins. On text that is not valid TOML the scan still ends and never traps; it just
/// knows less.
public struct TOMLSourceLocator: Sendable {
    /// Every path seen, with the position of its key, its array element or its table header.
    public private(set) var positions: [ConfigPath: SourcePosition]

    /// Scans `text` (CRLF line endings and a leading byte order mark are fine).
    public init(text: String) {
        var scanner = Scanner(text: text)
        scanner.run()
        positions = scanner.positions
    }

    /// Where `path` is written, if the scan saw it.
    public func position(of path: ConfigPath) -> SourcePosition? { positions[path] }

    /// Where `path` is written, or else its closest written ancestor (a missing key points at its table's header).
    /// Nil only when no part of the path appears in the text.
    public func nearestPosition(of path: ConfigPath) -> SourcePosition? {
        var path = path
        while !path.isEmpty {
            if let position = positions[path] { return position }
            path.removeLast()
        }
        return nil
    }
}

/// The lexical scan behind `TOMLSourceLocator`. Every loop consumes at least one scalar per turn, so it ends.
private struct Scanner {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var lineStart = 0
    var positions: [ConfigPath: SourcePosition] = [:]
    /// How many `[[name]]` headers have been seen for each (resolved) array-of-tables path.
    var arrayTableCounts: [ConfigPath: Int] = [:]
    var currentTable: ConfigPath = []

    init(text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars[0] = " " }  // keeps columns as a BOM-stripping reader counts them
        self.scalars = scalars
    }

    var atEnd: Bool { index >= scalars.count }
    var position: SourcePosition { SourcePosition(line: line, column: index - lineStart + 1) }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func advance() {
        guard !atEnd else { return }
        if scalars[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    mutating func advance(_ count: Int) {
        for _ in 0..<count { advance() }
    }

    func starts(with text: String) -> Bool {
        for (offset, scalar) in text.unicodeScalars.enumerated() where peek(offset) != scalar { return false }
        return true
    }

    mutating func record(_ path: ConfigPath, _ position: SourcePosition) {
        if positions[path] == nil { positions[path] = position }
    }

    // MARK: Whitespace and comments

    mutating func skipSpaces() {
        while let scalar = peek(), scalar == " " || scalar == "\t" { advance() }
    }

    mutating func skipComment() {
        guard peek() == "#" else { return }
        while let scalar = peek(), scalar != "\n" { advance() }
    }

    /// Spaces, newlines and comments.
    mutating func skipTrivia() {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t", "\r", "\n": advance()
            case "#": skipComment()
            default: return
            }
        }
    }

    mutating func skipRestOfLine() {
        while let scalar = peek(), scalar != "\n" { advance() }
    }

    // MARK: Document structure

    mutating func run() {
        while !atEnd {
            skipTrivia()
            guard let scalar = peek() else { break }
            let start = position
            let before = index
            if scalar == "[" {
                let isArrayTable = peek(1) == "["
                advance(isArrayTable ? 2 : 1)
                let keys = parseKey()
                if isArrayTable { openArrayTable(keys, at: start) } else { openTable(keys, at: start) }
                skipRestOfLine()  // the closing bracket(s) and any comment
            } else {
                let keys = parseKey()
                if keys.isEmpty {
                    skipRestOfLine()
                } else {
                    let path = currentTable + keys.map(ConfigPathComponent.key)
                    recordKey(path, prefixLength: currentTable.count, at: start)
                    skipSpaces()
                    if peek() == "=" { advance() }
                    skipSpaces()
                    skipValue(path)
                }
            }
            if index == before { advance() }
        }
    }

    /// Records a key's path and the implicit tables its dotted parts create (`a.b.c = 1` creates `a` and `a.b`).
    mutating func recordKey(_ path: ConfigPath, prefixLength: Int, at start: SourcePosition) {
        guard path.count > prefixLength else { return }
        for end in (prefixLength + 1)...path.count { record(Array(path[..<end]), start) }
    }

    /// The path of a header's keys, where every part that names an array of tables means its last element.
    func resolve(_ keys: [String]) -> ConfigPath {
        var path: ConfigPath = []
        for key in keys {
            path.append(.key(key))
            if let count = arrayTableCounts[path], count > 0 { path.append(.index(count - 1)) }
        }
        return path
    }

    mutating func openTable(_ keys: [String], at start: SourcePosition) {
        guard !keys.isEmpty else { return }
        currentTable = resolve(keys)
        record(currentTable, start)
    }

    mutating func openArrayTable(_ keys: [String], at start: SourcePosition) {
        guard let last = keys.last else { return }
        let arrayPath = resolve(Array(keys.dropLast())) + [.key(last)]
        let count = arrayTableCounts[arrayPath, default: 0]
        arrayTableCounts[arrayPath] = count + 1
        currentTable = arrayPath + [.index(count)]
        record(arrayPath, start)
        record(currentTable, start)
    }

    // MARK: Keys

    /// A key, dotted or not: `name`, `"America/New_York"`, `site."google.com"`, `a . b`. Empty when none is here.
    mutating func parseKey() -> [String] {
        var keys: [String] = []
        while true {
            skipSpaces()
            guard let scalar = peek() else { break }
            if scalar == "\"" {
                keys.append(parseBasicString())
            } else if scalar == "'" {
                keys.append(parseLiteralString())
            } else if isBareKeyScalar(scalar) {
                var key = String.UnicodeScalarView()
                while let next = peek(), isBareKeyScalar(next) {
                    key.append(next)
                    advance()
                }
                keys.append(String(key))
            } else {
                break
            }
            skipSpaces()
            guard peek() == "." else { break }
            advance()
        }
        return keys
    }

    func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }

    /// A single-line `"…"` string, unescaped, the closing quote consumed.
    mutating func parseBasicString() -> String {
        advance()
        var text = String.UnicodeScalarView()
        while let scalar = peek(), scalar != "\"", scalar != "\n" {
            if scalar == "\\" {
                advance()
                text.append(contentsOf: parseEscape().unicodeScalars)
            } else {
                text.append(scalar)
                advance()
            }
        }
        if peek() == "\"" { advance() }
        return String(text)
    }

    /// The escape after a backslash in a basic string (`\"`, `\\`, `\n`, `\u00E9`, …).
    mutating func parseEscape() -> String {
        guard let scalar = peek() else { return "" }
        advance()
        switch scalar {
        case "b": return "\u{8}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "u", "U":
            var hex = ""
            for _ in 0..<(scalar == "u" ? 4 : 8) {
                guard let digit = peek(), digit.properties.isASCIIHexDigit else { break }
                hex.unicodeScalars.append(digit)
                advance()
            }
            return UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init).map { String($0) } ?? ""
        default: return String(scalar)
        }
    }

    /// A single-line `'…'` string, the closing quote consumed.
    mutating func parseLiteralString() -> String {
        advance()
        var text = String.UnicodeScalarView()
        while let scalar = peek(), scalar != "'", scalar != "\n" {
            text.append(scalar)
            advance()
        }
        if peek() == "'" { advance() }
        return String(text)
    }

    // MARK: Values

    /// Skips the value at the cursor, recording the elements of arrays and the keys of inline tables under `path`.
    mutating func skipValue(_ path: ConfigPath) {
        guard let scalar = peek() else { return }
        switch scalar {
        case "\"" where starts(with: "\"\"\""): skipMultilineString(quote: "\"")
        case "'" where starts(with: "'''"): skipMultilineString(quote: "'")
        case "\"": _ = parseBasicString()
        case "'": _ = parseLiteralString()
        case "[": skipArray(path)
        case "{": skipInlineTable(path)
        default:
            // Numbers, booleans, dates and times (a date-time may contain one space).
            while let next = peek(), !",]}#\r\n".unicodeScalars.contains(next) { advance() }
        }
    }

    mutating func skipMultilineString(quote: Unicode.Scalar) {
        advance(3)
        let closing = String(repeating: Character(quote), count: 3)
        while !atEnd {
            if quote == "\"" && peek() == "\\" {
                advance(2)
            } else if starts(with: closing) {
                advance(3)
                // Up to two more quotes belong to the content: `""""` ends with a quote inside the string.
                for _ in 0..<2 where peek() == quote { advance() }
                return
            } else {
                advance()
            }
        }
    }

    mutating func skipArray(_ path: ConfigPath) {
        advance()
        var element = 0
        while !atEnd {
            skipTrivia()
            guard let scalar = peek() else { return }
            if scalar == "]" {
                advance()
                return
            }
            let before = index
            let elementPath = path + [.index(element)]
            record(elementPath, position)
            skipValue(elementPath)
            skipTrivia()
            if peek() == "," { advance() }
            element += 1
            if index == before { advance() }
        }
    }

    mutating func skipInlineTable(_ path: ConfigPath) {
        advance()
        while !atEnd {
            skipTrivia()
            guard let scalar = peek() else { return }
            if scalar == "}" {
                advance()
                return
            }
            let before = index
            let start = position
            let keys = parseKey()
            if !keys.isEmpty {
                let keyPath = path + keys.map(ConfigPathComponent.key)
                recordKey(keyPath, prefixLength: path.count, at: start)
                skipSpaces()
                if peek() == "=" { advance() }
                skipSpaces()
                skipValue(keyPath)
            }
            skipTrivia()
            if peek() == "," { advance() }
            if index == before { advance() }
        }
    }
}
