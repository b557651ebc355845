import Logging

/// One log entry in the shape the journal stores it: a syslog priority, a message, and named fields.
///
/// ``JournalLogHandler`` builds one per log call and then either sends ``journalFields`` through
/// `sd_journal_sendv(3)` or writes ``stderrLine``. Both are pure, so they are tested directly.
///
/// Metadata keys become journal field names by ``fieldName(for:)``. Keys that would collide with a field the entry
/// sets itself (``reservedNames``) are prefixed with `META_` rather than overriding it, so
/// `logger.info("…", metadata: ["priority": "high"])` gives `META_PRIORITY=high`, and the entry keeps its real
/// `PRIORITY`. Other well-known journal fields are passed on as they are: metadata `message_id` becomes
/// `MESSAGE_ID`, which is how events get a catalogue id.
public struct JournalEntry: Sendable, Equatable {
    /// One metadata field: a valid journal field name and its value, flattened to a string.
    public struct Field: Sendable, Equatable {
        /// A valid journal field name (`[A-Z0-9_]`, not starting with `_` or a digit, at most 64 characters).
        public var name: String
        /// The value; may contain line breaks (the journal stores them as they are).
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Syslog priority: 2 (critical) … 7 (debug), see ``priority(for:)``.
    public var priority: Int
    /// The message, line breaks included.
    public var message: String
    /// `SYSLOG_IDENTIFIER`: the logger's label.
    public var identifier: String
    /// `CODE_FILE`: the source file of the log call.
    public var file: String
    /// `CODE_LINE`.
    public var line: UInt
    /// `CODE_FUNC`.
    public var function: String
    /// Metadata fields, sorted by name.
    public var fields: [Field]

    /// Field names the entry sets itself; metadata keys that map to one of them get a `META_` prefix.
    public static let reservedNames: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
    ]

    /// The longest field name journald accepts.
    public static let maximumFieldNameLength = 64

    /// Creates an entry from its parts; `metadata` is converted with ``fieldName(for:)`` and ``flatten(_:)``.
    /// A non-nil `error` adds an `ERROR` field (its description) unless the metadata already has one.
    public init(
        level: Logger.Level,
        message: String,
        label: String,
        metadata: Logger.Metadata,
        error: (any Error)? = nil,
        file: String,
        function: String,
        line: UInt
    ) {
        self.priority = Self.priority(for: level)
        self.message = message
        self.identifier = label
        self.file = file
        self.line = line
        self.function = function
        var fields = metadata.map { key, value in
            var name = Self.fieldName(for: key)
            if Self.reservedNames.contains(name) {
                name = String(("META_" + name).prefix(Self.maximumFieldNameLength))
            }
            return Field(name: name, value: Self.flatten(value))
        }
        if let error, !fields.contains(where: { $0.name == "ERROR" }) {
            fields.append(Field(name: "ERROR", value: String(describing: error)))
        }
        // Sorting by name, then value, makes the order independent of dictionary order (two keys such as `a-b`
        // and `a_b` may map to one name; the journal keeps both values).
        self.fields = fields.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
    }

    /// The syslog priority for a swift-log level: trace and debug → 7, info → 6, notice → 5, warning → 4,
    /// error → 3, critical → 2.
    public static func priority(for level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The journal field name for a metadata key, following journald's rules: ASCII letters are upper-cased,
    /// every other character outside `[A-Z0-9_]` becomes `_`, leading underscores are dropped (they mark fields
    /// only journald itself may set), a name that would start with a digit or be empty gets the prefix `FIELD_`
    /// (or is `FIELD`), and the result is cut to 64 characters.
    ///
    /// `post.id` → `POST_ID`, `herald_event` → `HERALD_EVENT`, `_pid` → `PID`, `2fa` → `FIELD_2FA`.
    public static func fieldName(for key: String) -> String {
        var name = String(
            key.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z": Character(String(scalar).uppercased())
                case "A"..."Z", "0"..."9", "_": Character(scalar)
                default: "_"
                }
            }
        )
        name = String(name.drop { $0 == "_" })
        if name.isEmpty {
            return "FIELD"
        }
        if let first = name.first, first.isASCII, first.isNumber {
            name = "FIELD_" + name
        }
        return String(name.prefix(maximumFieldNameLength))
    }

    /// A metadata value as one string: strings and string-convertibles as they are; arrays as `[a, b]` and
    /// dictionaries as `[key: value, …]` sorted by key, nested values flattened the same way.
    public static func flatten(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string):
            string
        case .stringConvertible(let convertible):
            convertible.description
        case .array(let values):
            "[" + values.map(flatten).joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            "[" + dictionary.sorted { $0.key < $1.key }.map { "\($0.key): \(flatten($0.value))" }
                .joined(separator: ", ") + "]"
        }
    }

    /// The entry as journal fields, `NAME=value` each, in the order they are sent: `MESSAGE`, `PRIORITY`,
    /// `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, then the metadata fields. Values keep their line
    /// breaks: `sd_journal_sendv` transmits each field with its length, so a multi-line message stays one entry.
    public var journalFields: [String] {
        [
            "MESSAGE=" + message,
            "PRIORITY=\(priority)",
            "SYSLOG_IDENTIFIER=" + identifier,
            "CODE_FILE=" + file,
            "CODE_LINE=\(line)",
            "CODE_FUNC=" + function,
        ] + fields.map { $0.name + "=" + $0.value }
    }

    /// The entry as one line for a plain stderr, without the trailing newline: `<N>` (the priority, as
    /// `sd-daemon.h` prefixes do, which systemd parses on a stream), the message with line breaks escaped
    /// (`\n`, `\r`, and NUL as `\0`), then ` NAME=value` for each metadata field. Values that are empty or
    /// contain whitespace, `"` or `\` are double-quoted, with `\\`, `\"`, `\n`, `\r`, `\t` escapes.
    ///
    /// `<6>post accepted HERALD_ACCOUNT=brand HERALD_EVENT=accepted HERALD_POST_ID=42`
    public var stderrLine: String {
        var line = "<\(priority)>" + Self.escapeLineBreaks(message)
        for field in fields {
            line += " " + field.name + "=" + Self.quoteIfNeeded(field.value)
        }
        return line
    }

    /// `text` with `\n`, `\r` and NUL written as `\n`, `\r`, `\0`.
    static func escapeLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
            return text
        }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\0": escaped += "\\0"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `value` as it is, or double-quoted with escapes when it is empty or contains whitespace, `"` or `\`.
    static func quoteIfNeeded(_ value: String) -> String {
        let needsQuotes =
            value.isEmpty
            || value.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.properties.isWhitespace || $0 == "\0" }
        guard needsQuotes else {
            return value
        }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case "\0": quoted += "\\0"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
