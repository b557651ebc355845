import Foundation

/// A time as written in a post file (`At:`, `Not-Before:`, `Not-After:`) or on the command line (`--at`).
///
/// Three forms, per DESIGN's post-file contract:
/// - `now`;
/// - an instant in RFC 3339: `2026-11-23T14:00:00Z`, `2026-11-23T09:00:00-05:00`, `…+01:00`, with optional
///   fractional seconds; `t`/`z` may be lowercase and, as RFC 3339 permits, a space may replace the `T`.
///   Herald also accepts the seconds being left out (`2026-11-23T14:00Z`), as in the local form;
/// - a local wall-clock time, `2026-11-23 09:00` or `2026-11-23 09:00:30`, optionally followed by an IANA zone
///   (`2026-11-23 09:00 America/New_York`); without a zone it is in the account's zone, so it is only resolved
///   once the account is known.
public enum TimeSpec: Sendable, Hashable, CustomStringConvertible {
    /// As soon as possible.
    case now
    /// A fixed instant.
    case instant(Date)
    /// A wall-clock time in `zone` (an IANA name), or in the account's zone when `zone` is nil.
    case local(LocalDateTime, zone: String?)

    /// Reads a time spec; surrounding whitespace is ignored. `now` is accepted in any letter case.
    public static func parse(_ text: String) throws(TimeSpecError) -> TimeSpec {
        let value = text.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw .empty }
        if value.lowercased() == "now" { return .now }
        var scanner = TimeSpecScanner(Array(value.utf8))

        guard let year = scanner.digits(4), scanner.take("-"), let month = scanner.digits(2), scanner.take("-"),
              let day = scanner.digits(2)
        else { throw .malformed(value: value) }
        if !scanner.take("T") && !scanner.take("t") {
            guard scanner.skipBlanks() > 0 else { throw .malformed(value: value) }
        }
        guard let hour = scanner.digits(2), scanner.take(":"), let minute = scanner.digits(2)
        else { throw .malformed(value: value) }
        var second = 0
        var fraction = 0.0
        var hasFraction = false
        if scanner.take(":") {
            guard let parsed = scanner.digits(2) else { throw .malformed(value: value) }
            second = parsed
            if scanner.take(".") {
                guard let parsedFraction = scanner.fraction() else { throw .malformed(value: value) }
                fraction = parsedFraction
                hasFraction = true
            }
        }
        guard let local = LocalDateTime(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second
        ) else { throw .invalidDate(value: value) }

        // An offset follows the time directly: an instant.
        if let offset = try scanner.offset(in: value) {
            guard scanner.atEnd else { throw .malformed(value: value) }
            let seconds = TimeInterval(local.secondsAsIfUTC - Int64(offset)) + fraction
            return .instant(Date(timeIntervalSince1970: seconds))
        }
        // Otherwise a local time, which has whole seconds only, and an optional zone after blanks.
        guard !hasFraction else { throw .malformed(value: value) }
        if scanner.atEnd { return .local(local, zone: nil) }
        guard scanner.skipBlanks() > 0 else { throw .malformed(value: value) }
        let zone = scanner.rest
        guard Self.isKnownZone(zone) else { throw .unknownZone(zone: zone) }
        return .local(local, zone: zone)
    }

    /// The instant this spec means, with `now` as the current time and `zone` for a local time without its own
    /// zone (the account's zone). A zone name that is not known (only possible for a value built by hand, since
    /// `parse` rejects them) falls back to `zone`.
    public func resolve(now: Date, zone: TimeZone) -> Date {
        switch self {
        case .now:
            now
        case .instant(let date):
            date
        case .local(let local, let name):
            (name.flatMap(TimeZone.init(identifier:)) ?? zone).date(for: local)
        }
    }

    /// Whether `resolve` depends on the zone passed to it: a local time without its own zone.
    public var usesDefaultZone: Bool {
        if case .local(_, zone: nil) = self { return true }
        return false
    }

    /// How the spec reads back: `now`, `2026-11-23T14:00:00Z`, `2026-11-23 09:00:00 America/New_York`.
    public var description: String {
        switch self {
        case .now: "now"
        case .instant(let date): date.rfc3339UTC
        case .local(let local, let zone): zone.map { "\(local) \($0)" } ?? "\(local)"
        }
    }

    /// Whether `name` is an IANA time zone this system knows. Foundation also accepts abbreviations and
    /// `GMT+5`-style names; those are refused because their meaning is not the IANA one (`EST` has no DST), so
    /// the name must be `UTC` or look like `Area/Location`.
    static func isKnownZone(_ name: String) -> Bool {
        guard name == "UTC" || looksLikeIANAName(name) else { return false }
        return TimeZone(identifier: name) != nil
    }

    private static func looksLikeIANAName(_ name: String) -> Bool {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 2 else { return false }
        return segments.allSatisfy { segment in
            guard let first = segment.unicodeScalars.first, first.isASCIILetter else { return false }
            return segment.unicodeScalars.allSatisfy {
                $0.isASCIILetter || $0.isASCIIDigit || "_+-".unicodeScalars.contains($0)
            }
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
