/// How active an audience is in each quarter hour of the week, in its own local time: 672 non-negative numbers,
/// Monday 00:00–00:15 first, Sunday 23:45–24:00 last (issue 4).
///
/// Only the shape matters to the planner: reach is a weighted sum of these numbers, so a curve and the same curve
/// times a constant place posts identically. Curves of different zones in one audience are compared as they are,
/// though, which is why learned curves are scaled like the default one (peak 1).
///
/// The text form is CSV with the header `day,time,activity` and one row per quarter hour (`Mon,09:15,0.8125`),
/// all 672 rows in any order. It is what `etc/herald/curves/*.csv` hold and what `herald learn` stores.
public struct ActivityCurve: Sendable, Equatable {
    /// Quarter hours in a week.
    public static let count = 672
    /// Quarter hours in a day.
    public static let quartersPerDay = 96
    /// The CSV names of the days, Monday first, as `day` spells them.
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// One value per quarter hour of the week, Monday 00:00 first; always `count` finite, non-negative numbers.
    public let values: [Double]

    /// A curve from its 672 values; throws when there are not exactly 672 or one is negative or not finite.
    public init(values: [Double]) throws(ActivityCurveError) {
        guard values.count == Self.count else { throw ActivityCurveError(line: nil, reason: .wrongCount(values.count)) }
        if let index = values.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw ActivityCurveError(line: nil, reason: .badActivity(Self.label(ofQuarter: index)))
        }
        self.values = values
    }

    /// Values already known to be valid (built-in and fitted curves).
    init(trusted values: [Double]) {
        precondition(values.count == Self.count, "an activity curve has 672 values")
        self.values = values
    }

    /// The activity in quarter `index` of the week (0 = Monday 00:00–00:15); any integer, taken modulo a week.
    public subscript(quarter index: Int) -> Double {
        values[((index % Self.count) + Self.count) % Self.count]
    }

    /// The activity at a day (0 = Monday) and a local time of day; the quarter hour containing the time.
    public func value(day: Int, time: ClockTime) -> Double {
        self[quarter: day * Self.quartersPerDay + time.minuteOfDay / 15]
    }

    /// The largest value; 0 for a curve that is zero everywhere.
    public var peak: Double { values.max() ?? 0 }

    /// The curve scaled so its peak is 1; a zero curve stays zero.
    public var normalized: ActivityCurve {
        let top = peak
        guard top > 0 else { return self }
        return ActivityCurve(trusted: values.map { $0 / top })
    }

    /// `Mon,00:15` for quarter 1: how CSV rows and messages name a quarter hour.
    public static func label(ofQuarter index: Int) -> String {
        let day = index / quartersPerDay
        let time = ClockTime(hour: index % quartersPerDay / 4, minute: index % 4 * 15)
        return "\(dayNames[day]),\(time)"
    }
}

// MARK: - CSV

extension ActivityCurve {
    /// Reads the CSV form: a `day,time,activity` header, then exactly one row for each of the 672 quarter hours.
    ///
    /// Spaces around fields, quoting, a byte-order mark, CRLF line ends and blank lines are tolerated; anything
    /// else wrong is an error naming its line (1-based), because a silently half-read curve would move every post
    /// of an audience.
    public init(csv text: String) throws(ActivityCurveError) {
        let records: [CSVRecordReader.Record]
        do {
            records = try CSVRecordReader.records(in: text)
        } catch {
            throw ActivityCurveError(line: error.line, reason: .unterminatedQuote)
        }
        guard let header = records.first else { throw ActivityCurveError(line: nil, reason: .empty) }
        guard header.fields.map({ $0.lowercased() }) == ["day", "time", "activity"] else {
            throw ActivityCurveError(line: header.line, reason: .badHeader(header.fields.joined(separator: ",")))
        }
        var values = [Double?](repeating: nil, count: Self.count)
        for record in records.dropFirst() {
            let fields = record.fields
            let line = record.line
            guard fields.count == 3 else {
                throw ActivityCurveError(line: line, reason: .wrongFieldCount(fields.count))
            }
            guard let day = Self.dayNames.firstIndex(where: { $0.lowercased() == fields[0].lowercased() }) else {
                throw ActivityCurveError(line: line, reason: .badDay(fields[0]))
            }
            guard let time = ClockTime(parsing: fields[1]), time.minute % 15 == 0 else {
                throw ActivityCurveError(line: line, reason: .badTime(fields[1]))
            }
            guard let activity = Double(fields[2]), activity.isFinite, activity >= 0 else {
                throw ActivityCurveError(line: line, reason: .badActivity(fields[2]))
            }
            let index = day * Self.quartersPerDay + time.minuteOfDay / 15
            guard values[index] == nil else {
                throw ActivityCurveError(line: line, reason: .duplicate(Self.label(ofQuarter: index)))
            }
            values[index] = activity
        }
        if let missing = values.firstIndex(where: { $0 == nil }) {
            let count = values.lazy.filter { $0 == nil }.count
            throw ActivityCurveError(line: nil, reason: .missing(first: Self.label(ofQuarter: missing), count: count))
        }
        self.init(trusted: values.map { $0 ?? 0 })
    }

    /// The CSV form, rows in week order, values with up to 6 decimals (`0.8125`, `1`, `0.000001`).
    ///
    /// Six decimals keep a learned curve's shape far below anything the planner can tell apart, and the text
    /// stays diffable. The built-in curve has 4-decimal values, so its CSV reads back to exactly the same numbers.
    public var csv: String {
        var text = "day,time,activity\n"
        text.reserveCapacity(Self.count * 22)
        for index in 0..<Self.count {
            text += Self.label(ofQuarter: index) + "," + Self.decimal(values[index]) + "\n"
        }
        return text
    }

    /// A non-negative number with at most 6 decimals and no trailing zeros, without locale or exponent.
    static func decimal(_ value: Double) -> String {
        let scaled = (value * 1_000_000).rounded()
        guard scaled.isFinite, scaled < 9e15 else { return String(value) }
        let micro = Int64(scaled)
        var fraction = String(micro % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return String(micro / 1_000_000) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
