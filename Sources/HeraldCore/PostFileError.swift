import Foundation

/// Why a post file was rejected: by the parser (`PostFile.parse`) or, once the configuration is known, by
/// `PostValidator`. Each case carries what a person needs to fix the file, and the 1-based line it concerns where
/// there is one; `description` is the text written to `rejected/NAME.error`.
public enum PostFileError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: Parser

    /// The bytes are not UTF-8; `line` is where the first bad byte is.
    case invalidUTF8(line: Int)
    /// A NUL byte, which no text file has (often a sign of a binary or UTF-16 file).
    case nulByte(line: Int)
    /// No blank line separates the headers from the body. `line` is the first line that is not a header line,
    /// or nil when every line is one (a file with headers and no body).
    case missingBlankLine(line: Int?)
    /// A line in the header block that is not `Name: value`; `reason` says what is wrong with it.
    case malformedHeader(line: Int, text: String, reason: String)
    /// A header Herald does not know (and that does not start with `X-`), with the known header it most likely
    /// meant, if one is close.
    case unknownHeader(name: String, line: Int, suggestion: PostHeader?)
    /// A header given twice (names compare case-insensitively); `firstLine` is where it first appeared.
    case duplicateHeader(name: String, line: Int, firstLine: Int)
    /// A known header with nothing after the colon.
    case emptyValue(header: PostHeader, line: Int)
    /// `Account:` has an empty name in its list (`brand,,ceo` or a trailing comma).
    case emptyAccountName(line: Int)
    /// `Account:` names the same account twice.
    case duplicateAccount(name: String, line: Int)
    /// A time header whose value is not a time, or names an unknown zone.
    case invalidTime(header: PostHeader, line: Int, error: TimeSpecError)
    /// `now` in `Not-Before:` or `Not-After:`; only `At:` may say `now`.
    case nowNotAllowed(header: PostHeader, line: Int)
    /// `At:` together with `Not-Before:` or `Not-After:`: a fixed time and a window contradict each other.
    case atWithWindow(line: Int, window: PostHeader, windowLine: Int)
    /// `Language:` is not a well-formed BCP 47 tag.
    case invalidLanguage(value: String, line: Int)
    /// A header with a fixed set of values (`Kind:`, `Thread:`) has another one; `expected` lists the allowed.
    case invalidValue(header: PostHeader, line: Int, value: String, expected: [String])
    /// The body is empty or only whitespace; `line` is where it would start.
    case emptyBody(line: Int)
    /// A thread part (0-based `part`, as in the outbox) is empty or only whitespace, e.g. two `---` lines in a
    /// row; `line` is its first line or, when it has none, the separator next to it.
    case emptyPart(part: Int, line: Int)
    /// A `Media:` value that is not `ABSOLUTE-PATH` or `ABSOLUTE-PATH; alt=TEXT`.
    case invalidMedia(line: Int, value: String, reason: String)
    /// `Repeat:` is not `every N<unit>`, or repeats more often than hourly.
    case invalidRepeat(line: Int, error: RepeatRuleError)
    /// `Repeat-Count:` is not a whole number of at least 1.
    case invalidRepeatCount(line: Int, value: String)
    /// `Repeat-Until:` or `Repeat-Count:` without `Repeat:`.
    case repeatBoundWithoutRepeat(header: PostHeader, line: Int)
    /// `Repeat:` on a reply: the same answer would be sent to one post again and again.
    case repeatWithReply(line: Int, replyLine: Int)

    // MARK: Validator

    /// No `Account:` header and no `default_account` in the configuration.
    case noAccount
    /// An account that is not configured. `line` is the `Account:` line, or nil when the name came from
    /// `default_account`.
    case unknownAccount(name: String, line: Int?)
    /// `Not-After:` is not later than `Not-Before:`, so the window is empty. `account` names the account whose
    /// zone the times were read in, when one of them had no zone of its own; nil when no zone was involved.
    case windowReversed(notBefore: Date, notAfter: Date, line: Int, account: String?)
    /// `At:` or `Not-After:` is further in the past than `max_lateness` allows. `account` is as for
    /// `windowReversed`.
    case tooLate(header: PostHeader, line: Int, time: Date, now: Date, maxLateness: TimeInterval, account: String?)
    /// A part is longer than the account's network allows.
    case partTooLong(
        part: Int, partCount: Int, line: Int, length: Int, limit: Int, account: String, network: Network
    )
    /// A part the network would refuse for another reason than its length (Bluesky's byte limit, characters X
    /// does not allow).
    case partRefused(
        part: Int, partCount: Int, line: Int, account: String, network: Network, problem: TextMeasureProblem)
    /// More `Media:` headers than the account's network takes on one status.
    case tooManyMedia(count: Int, limit: Int, line: Int, account: String, network: Network)
    /// A `Media:` file that is not under one of the account's `media_dirs` (or the account has none).
    /// `resolved` is the path after following symlinks when that is what left the directories.
    case mediaNotAllowed(path: String, line: Int, account: String, resolved: String?)
    /// A `Media:` file that cannot be read (missing, not a regular file).
    case mediaUnreadable(path: String, line: Int, reason: String)
    /// `Media:` for a Threads account without `media_base_url`: Threads fetches images from public addresses only.
    case mediaNeedsPublicURL(line: Int, account: String)

    /// The 1-based line of the file the problem is on, when there is one.
    public var line: Int? {
        switch self {
        case .invalidUTF8(let line), .nulByte(let line), .malformedHeader(let line, _, _),
             .unknownHeader(_, let line, _), .duplicateHeader(_, let line, _), .emptyValue(_, let line),
             .emptyAccountName(let line), .duplicateAccount(_, let line), .invalidTime(_, let line, _),
             .nowNotAllowed(_, let line), .atWithWindow(let line, _, _), .invalidLanguage(_, let line),
             .invalidValue(_, let line, _, _), .emptyBody(let line), .emptyPart(_, let line),
             .windowReversed(_, _, let line, _), .tooLate(_, let line, _, _, _, _),
             .partTooLong(_, _, let line, _, _, _, _), .partRefused(_, _, let line, _, _, _),
             .invalidMedia(let line, _, _), .tooManyMedia(_, _, let line, _, _), .mediaNotAllowed(_, let line, _, _),
             .mediaUnreadable(_, let line, _), .mediaNeedsPublicURL(let line, _), .invalidRepeat(let line, _),
             .invalidRepeatCount(let line, _), .repeatBoundWithoutRepeat(_, let line), .repeatWithReply(let line, _):
            line
        case .missingBlankLine(let line), .unknownAccount(_, let line):
            line
        case .noAccount:
            nil
        }
    }

    /// The reason without the line number, for output that shows the line separately (`herald check --json`).
    public var message: String {
        switch self {
        case .invalidUTF8:
            "the file is not valid UTF-8 text"
        case .nulByte:
            "the file contains a NUL byte (is it UTF-16 or binary?)"
        case .missingBlankLine(let line):
            line == nil
                ? "no blank line after the headers, so there is no body (a post file is headers, a blank line, "
                    + "then the body)"
                : "not a header line, and no blank line separates the headers from the body (a post file is "
                    + "headers, a blank line, then the body)"
        case .malformedHeader(_, let text, let reason):
            "malformed header line `\(text)`: \(reason) (expected `Name: value`)"
        case .unknownHeader(let name, _, let suggestion):
            "unknown header `\(name)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "")
                + " (custom headers must start with `X-`)"
        case .duplicateHeader(let name, _, let firstLine):
            "header `\(name)` appears twice (first on line \(firstLine))"
        case .emptyValue(let header, _):
            "header `\(header)` has no value"
        case .emptyAccountName:
            "`Account` has an empty name in its list"
        case .duplicateAccount(let name, _):
            "`Account` lists `\(name)` twice"
        case .invalidTime(let header, _, let error):
            "`\(header)`: \(error)"
        case .nowNotAllowed(let header, _):
            "`\(header)` cannot be `now` (only `At` can); give a time"
        case .atWithWindow(_, let window, let windowLine):
            "`At` cannot be combined with `\(window)` (line \(windowLine)): give either a fixed time or a window"
        case .invalidLanguage(let value, _):
            "`Language` `\(value)` is not a BCP 47 language tag (e.g. en, fr, nb, en-US, zh-Hant-TW)"
        case .invalidValue(let header, _, let value, let expected):
            "`\(header)` must be " + expected.map { "`\($0)`" }.joined(separator: " or ") + ", not `\(value)`"
        case .emptyBody:
            "the body is empty"
        case .emptyPart(let part, _):
            "thread part \(part + 1) is empty (two `---` lines in a row, or one at the start or end of the body)"
        case .invalidMedia(_, let value, let reason):
            "`Media` `\(value)`: \(reason) (expected `Media: /absolute/path; alt=description`)"
        case .invalidRepeat(_, let error):
            "`Repeat`: \(error)"
        case .invalidRepeatCount(_, let value):
            "`Repeat-Count` must be a whole number of publications, at least 1, not `\(value)`"
        case .repeatBoundWithoutRepeat(let header, _):
            "`\(header)` needs a `Repeat` header (e.g. `Repeat: every 14d`)"
        case .repeatWithReply(_, let replyLine):
            "`Repeat` cannot be combined with `In-Reply-To` (line \(replyLine)): the same reply would go to one "
                + "post again and again"
        case .tooManyMedia(let count, let limit, _, let account, let network):
            "\(count) `Media` files; account `\(account)` (\(network.rawValue)) takes at most \(limit)"
        case .mediaNotAllowed(let path, _, let account, let resolved):
            "`Media` \(path)" + (resolved.map { " (which is \($0))" } ?? "")
                + " is not under any of account `\(account)`'s media_dirs"
        case .mediaUnreadable(let path, _, let reason):
            "`Media` \(path) cannot be read: \(reason)"
        case .mediaNeedsPublicURL(_, let account):
            "account `\(account)` (threads) takes images only from a public address: set its media_base_url to "
                + "where its media_dirs are served"
        case .noAccount:
            "no `Account` header and no `default_account` in the configuration"
        case .unknownAccount(let name, let line):
            "unknown account `\(name)`" + (line == nil ? " (the configuration's `default_account`)" : "")
        case .windowReversed(let notBefore, let notAfter, _, let account):
            "`Not-After` (\(notAfter.rfc3339UTC)) is not later than `Not-Before` (\(notBefore.rfc3339UTC))"
                + Self.inZone(of: account)
        case .tooLate(let header, _, let time, let now, let maxLateness, let account):
            "`\(header)` (\(time.rfc3339UTC)) is \(Self.duration(now.timeIntervalSince(time))) in the past, more "
                + "than max_lateness (\(Self.duration(maxLateness))) allows" + Self.inZone(of: account)
        case .partTooLong(let part, let partCount, _, let length, let limit, let account, let network):
            (partCount > 1 ? "thread part \(part + 1) of \(partCount)" : "the post")
                + " is \(length) characters long; account `\(account)` (\(network.rawValue)) allows \(limit)"
        case .partRefused(let part, let partCount, _, let account, let network, let problem):
            (partCount > 1 ? "thread part \(part + 1) of \(partCount)" : "the post")
                + " cannot go to account `\(account)` (\(network.rawValue)): \(problem)"
        }
    }

    /// `line N: message`, or the message alone when no line applies.
    public var description: String {
        line.map { "line \($0): \(message)" } ?? message
    }

    private static func inZone(of account: String?) -> String {
        account.map { " (read in account `\($0)`'s time zone)" } ?? ""
    }

    /// `1h30m`, `15m`, `45s`: how max_lateness is written in herald.toml.
    private static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded(.down))
        let parts = [(total / 86_400, "d"), (total / 3600 % 24, "h"), (total / 60 % 60, "m"), (total % 60, "s")]
        let text = parts.filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined()
        return text.isEmpty ? "0s" : text
    }
}
