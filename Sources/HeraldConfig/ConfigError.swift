/// Why a config file was refused. `description` is what heraldd and `herald check-config` print:
///
///     /etc/herald/herald.toml:12: accounts[1] (brand): unknown time zone "America/New_Yrok"
///     /etc/herald/herald.toml:3:9: TOML syntax: expected '=' after a key
///     /etc/herald/herald.toml: cannot read: No such file or directory
///
/// Arrays of tables are numbered from 1 in subjects (`accounts[1]` is the first `[[accounts]]`), as a person
/// counts the tables in the file; the account's name follows in parentheses when it has one.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read at all (missing, not a regular file, not UTF-8, too large).
    case unreadable(file: String, reason: String)
    /// The text is not valid TOML; line and column come from TOMLKit (toml++).
    case syntax(file: String, line: Int, column: Int, message: String)
    /// The TOML is well formed but its content is wrong. `subject` names the table (`daemon`,
    /// `accounts[2] (support)`), empty for the top level; `line` is the offending key's, element's or table
    /// header's line, nil only for problems of the whole file (no accounts).
    case invalid(file: String, line: Int?, subject: String, problem: ConfigProblem)

    /// The config file's path, as given to the loader.
    public var file: String {
        switch self {
        case .unreadable(let file, _), .syntax(let file, _, _, _), .invalid(let file, _, _, _): file
        }
    }

    /// The 1-based line of the problem, when it has one.
    public var line: Int? {
        switch self {
        case .unreadable: nil
        case .syntax(_, let line, _, _): line
        case .invalid(_, let line, _, _): line
        }
    }

    /// The 1-based column, known for syntax errors only.
    public var column: Int? {
        if case .syntax(_, _, let column, _) = self { column } else { nil }
    }

    /// The reason without the file and line: `accounts[1] (brand): unknown time zone "America/New_Yrok"`.
    public var reason: String {
        switch self {
        case .unreadable(_, let reason): "cannot read: \(reason)"
        case .syntax(_, _, _, let message): "TOML syntax: \(message)"
        case .invalid(_, _, let subject, let problem): subject.isEmpty ? "\(problem)" : "\(subject): \(problem)"
        }
    }

    /// `FILE:LINE: reason`, `FILE:LINE:COLUMN: reason` for syntax errors, `FILE: reason` without a line.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(reason)"
    }
}

/// What is wrong with a well-formed config. Each case renders as the reason a person reads.
public enum ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// A key Herald does not know (typos must not pass silently), with the closest known key when one is near.
    case unknownKey(String, suggestion: String?)
    case missingKey(String)
    /// `expected` reads like "a string" or "a duration such as \"20m\" or an integer number of seconds".
    case wrongType(key: String, expected: String, found: String)
    case emptyValue(key: String)
    case badDuration(key: String, value: String)
    case negative(key: String, value: String)
    case notPositive(key: String, value: String)
    case unknownNetwork(String)
    /// `counts_as` that is not x, mastodon or bluesky.
    case badCountsAs(String)
    /// A key that means nothing for the account's network (`counts_as` on x, `command` on outbox).
    case keyNotForNetwork(key: String, network: String)
    case execWithoutCommand
    case baseURLRequired(network: String)
    case badURL(key: String, value: String)
    case badVoice(String)
    case badMissedPolicy(String)
    case unknownTimeZone(String)
    case badLanguage(String)
    case badSlot(String)
    case duplicateSlot(String)
    case badQuietRange(String)
    /// A name that cannot serve as an identifier (it becomes a directory name under the state directory).
    case badName(kind: String, name: String)
    case duplicateName(kind: String, name: String, firstLine: Int?)
    /// `default_account` or a session's `account` that no `[[accounts]]` table defines.
    case unknownAccount(key: String, name: String)
    /// An account's `audience` that no `[[audiences]]` table defines.
    case unknownAudience(String)
    case badZoneWeight(zone: String)
    case noAccounts
    /// Any other bad value: renders as `key: reason`.
    case invalidValue(key: String, reason: String)

    public var description: String {
        switch self {
        case .unknownKey(let key, let suggestion):
            "unknown key \"\(key)\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "")
        case .missingKey(let key):
            "missing required key \"\(key)\""
        case .wrongType(let key, let expected, let found):
            "\(key) must be \(expected), not \(found)"
        case .emptyValue(let key):
            "\(key) must not be empty"
        case .badDuration(let key, let value):
            "\(key): bad duration \"\(value)\" (use e.g. \"45s\", \"20m\", \"1h30m\", \"2d\" or an integer number of "
                + "seconds)"
        case .negative(let key, let value):
            "\(key) must not be negative (\(value))"
        case .notPositive(let key, let value):
            "\(key) must be greater than zero (\(value))"
        case .unknownNetwork(let network):
            "unknown network \"\(network)\" (expected outbox, exec, x, mastodon or bluesky)"
        case .badCountsAs(let network):
            "counts_as must be x, mastodon or bluesky, not \"\(network)\""
        case .keyNotForNetwork(let key, let network):
            key == "counts_as"
                ? "counts_as applies only to outbox and exec accounts, not to network \"\(network)\""
                : "\(key) applies only to network \"exec\", not to network \"\(network)\""
        case .execWithoutCommand:
            "network \"exec\" needs command = [\"/path/to/program\", \"arg\", …]"
        case .baseURLRequired(let network):
            "network \"\(network)\" needs base_url (the server, e.g. \"https://mastodon.social\")"
        case .badURL(let key, let value):
            "\(key) must be an http or https URL with a host, not \"\(value)\""
        case .badVoice(let voice):
            "voice must be brand or personal, not \"\(voice)\""
        case .badMissedPolicy(let policy):
            "on_missed must be publish, reschedule or fail, not \"\(policy)\""
        case .unknownTimeZone(let zone):
            "unknown time zone \"\(zone)\""
        case .badLanguage(let tag):
            "bad language tag \"\(tag)\" (expected a BCP 47 tag such as en, fr, nb or pt-BR)"
        case .badSlot(let slot):
            "bad slot time \"\(slot)\" (expected HH:MM from 00:00 to 23:59)"
        case .duplicateSlot(let slot):
            "slot \(slot) is listed twice"
        case .badQuietRange(let range):
            "bad quiet range \"\(range)\" (expected HH:MM-HH:MM with different start and end, e.g. \"23:00-07:00\")"
        case .badName(let kind, let name):
            "bad \(kind) name \"\(name)\" (use letters, digits, '.', '_' and '-', starting with a letter or digit, "
                + "at most 64 characters)"
        case .duplicateName(let kind, let name, let firstLine):
            "duplicate \(kind) name \"\(name)\"" + (firstLine.map { " (first defined on line \($0))" } ?? "")
        case .unknownAccount(let key, let name):
            "\(key) \"\(name)\" is not a configured account"
        case .unknownAudience(let name):
            "audience \"\(name)\" is not defined in [[audiences]]"
        case .badZoneWeight(let zone):
            "the weight of \"\(zone)\" must be a non-negative number"
        case .noAccounts:
            "no accounts: add at least one [[accounts]] table"
        case .invalidValue(let key, let reason):
            "\(key): \(reason)"
        }
    }
}
