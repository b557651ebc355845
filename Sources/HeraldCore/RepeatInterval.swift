import Foundation

/// How often a repeating post comes back (`Repeat: every 14d`): a whole number of minutes, hours, days or weeks.
///
/// Minutes and hours are absolute seconds; days and weeks are calendar steps in the account's time zone, so a
/// post at 09:00 local stays at 09:00 across DST (see `advance(_:steps:in:)`).
public struct RepeatInterval: Sendable, Hashable, CustomStringConvertible {
    /// The unit letter as written: `m`, `h`, `d`, `w`.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case minute = "m"
        case hour = "h"
        case day = "d"
        case week = "w"

        /// The unit's length in seconds; for days and weeks only the nominal length (DST days differ).
        var nominalSeconds: Int {
            switch self {
            case .minute: 60
            case .hour: 3_600
            case .day: 86_400
            case .week: 7 * 86_400
            }
        }
    }

    /// Below this a repeat would flood an account (and networks refuse duplicates in quick succession).
    public static let minimum: TimeInterval = 3_600

    public let amount: Int
    public let unit: Unit

    /// An interval of at least ``minimum``, or nil.
    public init?(amount: Int, unit: Unit) {
        guard amount > 0, amount <= 100_000, amount * unit.nominalSeconds >= Int(Self.minimum) else { return nil }
        self.amount = amount
        self.unit = unit
    }

    /// Whether the steps are calendar days in a zone rather than absolute seconds.
    public var isCalendar: Bool { unit == .day || unit == .week }

    /// The interval's nominal length in seconds (a DST day counts as 24 h here).
    public var nominalSeconds: TimeInterval { TimeInterval(amount * unit.nominalSeconds) }

    /// `14d`, `90m`, `2w`: how `Repeat:` writes it after `every`.
    public var description: String { "\(amount)\(unit.rawValue)" }

    /// Reads a `Repeat:` value, `every 14d` (`every` and the unit letter in any case, blanks around ignored).
    public static func parse(_ text: String) throws(RepeatRuleError) -> RepeatInterval {
        let value = Substring(text.trimmingCharacters(in: .whitespaces))
        let rest = value.dropFirst(5)
        guard value.lowercased().hasPrefix("every"), rest.first?.isWhitespace == true else {
            throw .malformed(value: text)
        }
        return try parse(amountAndUnit: Substring(rest.trimmingCharacters(in: .whitespaces)), original: text)
    }

    /// The stored form, `14d` (``description``); nil when it does not read.
    public init?(stored text: String) {
        guard let interval = try? Self.parse(amountAndUnit: Substring(text), original: text) else { return nil }
        self = interval
    }

    private static func parse(amountAndUnit value: Substring, original text: String) throws(RepeatRuleError)
        -> RepeatInterval
    {
        let digits = value.prefix { ("0"..."9").contains($0) }
        guard !digits.isEmpty, digits.count <= 6, let amount = Int(digits),
              let unit = Unit(rawValue: value.dropFirst(digits.count).lowercased())
        else { throw .malformed(value: text) }
        guard let interval = RepeatInterval(amount: amount, unit: unit) else {
            throw amount * unit.nominalSeconds < Int(minimum) ? .tooShort(value: text) : .malformed(value: text)
        }
        return interval
    }
}
