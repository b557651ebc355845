/// A wall-clock time of day (`HH:MM`), used for queue slots and quiet hours in an account's zone.
public struct ClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Parses `H:MM` or `HH:MM` (00:00 to 23:59); nil otherwise.
    public init?(parsing text: String) {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2, (1...2).contains(pieces[0].count), pieces[1].count == 2,
              pieces.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(pieces[0]), let minute = Int(pieces[1]), hour < 24, minute < 60
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var minuteOfDay: Int { hour * 60 + minute }
    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minuteOfDay < rhs.minuteOfDay }
}

/// A range of local hours with no posts, e.g. `23:00-07:00` (wraps past midnight when end ≤ start).
public struct QuietRange: Sendable, Hashable, CustomStringConvertible {
    public var start: ClockTime
    public var end: ClockTime

    public init(start: ClockTime, end: ClockTime) {
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM`; nil otherwise.
    public init?(parsing text: String) {
        let pieces = text.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 2, let start = ClockTime(parsing: String(pieces[0])),
              let end = ClockTime(parsing: String(pieces[1])), start != end
        else { return nil }
        self.init(start: start, end: end)
    }

    /// Whether a local minute of the day (0..<1440) falls inside the range; the start is in, the end is out.
    public func contains(minuteOfDay minute: Int) -> Bool {
        if start < end { return minute >= start.minuteOfDay && minute < end.minuteOfDay }
        return minute >= start.minuteOfDay || minute < end.minuteOfDay
    }

    public var description: String { "\(start)-\(end)" }
}
