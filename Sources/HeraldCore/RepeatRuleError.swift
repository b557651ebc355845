/// Why a `Repeat:` value was refused; the post file parser adds the line (`PostFileError.invalidRepeat`).
public enum RepeatRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not `every N<unit>` with a unit of `m`, `h`, `d` or `w`.
    case malformed(value: String)
    /// Shorter than an hour.
    case tooShort(value: String)

    public var description: String {
        switch self {
        case .malformed(let value):
            "`\(value)` is not `every N<unit>` with a unit of m (minutes), h (hours), d (days) or w (weeks), "
                + "e.g. `every 14d`"
        case .tooShort(let value):
            "`\(value)` repeats more often than once an hour, which networks would take as flooding"
        }
    }
}
