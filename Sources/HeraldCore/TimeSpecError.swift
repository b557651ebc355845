/// Why a time (`At:`, `Not-Before:`, `Not-After:`, `--at`) could not be read. The value is quoted as written.
public enum TimeSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing was given.
    case empty
    /// Not one of the accepted syntaxes.
    case malformed(value: String)
    /// The syntax is right but the date or time does not exist, e.g. `2026-02-30` or `24:00`.
    case invalidDate(value: String)
    /// The UTC offset is out of range, e.g. `+25:00`.
    case invalidOffset(value: String)
    /// The zone is not a known IANA time zone name.
    case unknownZone(zone: String)

    /// Always nil: a time spec is a single value. `PostFileError.invalidTime` adds the line it was on.
    public var line: Int? { nil }

    public var description: String {
        switch self {
        case .empty:
            "no time given; expected `now`, an RFC 3339 time (2026-11-23T14:00:00Z, 2026-11-23T09:00:00-05:00) "
                + "or a local time (2026-11-23 09:00, optionally followed by an IANA zone such as America/New_York)"
        case .malformed(let value):
            "`\(value)` is not a time; expected `now`, an RFC 3339 time (2026-11-23T14:00:00Z, "
                + "2026-11-23T09:00:00-05:00) or a local time (2026-11-23 09:00, optionally followed by an IANA "
                + "zone such as America/New_York)"
        case .invalidDate(let value):
            "`\(value)` is not a real date and time (check the month's days, hours 00-23, minutes and seconds 00-59)"
        case .invalidOffset(let value):
            "`\(value)` has an invalid UTC offset (expected Z or ±HH:MM with HH up to 23 and MM up to 59)"
        case .unknownZone(let zone):
            "unknown time zone `\(zone)`; use an IANA name such as America/New_York, Europe/London or UTC"
        }
    }
}
