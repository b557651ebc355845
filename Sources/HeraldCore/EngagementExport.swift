import Foundation

/// The rows of an X (Twitter) analytics export that learning can use: when each post went out, how many saw it and
/// how many engaged.
///
/// The export is CSV with many columns (`Tweet id`, `Tweet permalink`, `Tweet text`, `time`, `impressions`,
/// `engagements`, `engagement rate`, `retweets`, …). Only `time`, `impressions` and `engagements` are read, found by
/// name in the header (any case, any order); every other column is ignored, and quoted fields may hold commas,
/// quotes and line breaks. A row that cannot be read is reported with its line and skipped, so one mangled tweet
/// does not throw away months of data; a file with no readable row at all is an error.
///
/// Times are taken as written by X (`2026-11-23 14:05 +0000`) or as RFC 3339 (`2026-11-23T14:05:00Z`); a time
/// without a UTC offset is refused, since guessing its zone would shift the learned curve by hours.
public struct EngagementExport: Sendable, Equatable {
    /// One usable row.
    public struct Row: Sendable, Equatable {
        /// The line the row starts on (1-based; the header is line 1).
        public var line: Int
        public var time: Date
        public var impressions: Double
        public var engagements: Double

        public init(line: Int, time: Date, impressions: Double, engagements: Double) {
            self.line = line
            self.time = time
            self.impressions = impressions
            self.engagements = engagements
        }
    }

    /// A row that was skipped, and why.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "line \(line): \(message)" }
    }

    /// The columns learning needs.
    public static let requiredColumns = ["time", "impressions", "engagements"]

    public var rows: [Row]
    /// Rows that were skipped, in file order.
    public var problems: [Problem]

    /// Reads an export. Throws when the text is empty, a quote never closes, a required column is missing, or no
    /// row is usable; otherwise bad rows are listed in ``problems``.
    public init(csv text: String) throws(EngagementExportError) {
        let records: [CSVRecordReader.Record]
        do {
            records = try CSVRecordReader.records(in: text)
        } catch {
            throw .unterminatedQuote(line: error.line)
        }
        guard let header = records.first else { throw .empty }
        let names = header.fields.map { $0.lowercased() }
        var column: [String: Int] = [:]
        for name in Self.requiredColumns { column[name] = names.firstIndex(of: name) }
        let missing = Self.requiredColumns.filter { column[$0] == nil }
        guard missing.isEmpty, let timeColumn = column["time"], let impressionsColumn = column["impressions"],
              let engagementsColumn = column["engagements"]
        else { throw .missingColumns(missing, line: header.line) }
        let needed = max(timeColumn, impressionsColumn, engagementsColumn) + 1

        var rows: [Row] = []
        var problems: [Problem] = []
        for record in records.dropFirst() {
            let fields = record.fields
            guard fields.count >= needed else {
                problems.append(Problem(line: record.line,
                                        message: "expected at least \(needed) fields, found \(fields.count)"))
                continue
            }
            guard let time = Self.time(fields[timeColumn]) else {
                problems.append(Problem(line: record.line, message: "bad time \"\(fields[timeColumn])\" (expected "
                    + "\"2026-11-23 14:05 +0000\" or RFC 3339, with a UTC offset)"))
                continue
            }
            guard let impressions = Self.count(fields[impressionsColumn]) else {
                let text = fields[impressionsColumn]
                problems.append(Problem(line: record.line,
                                        message: "bad impressions \"\(text)\" (expected a number ≥ 0)"))
                continue
            }
            guard let engagements = Self.count(fields[engagementsColumn]) else {
                let text = fields[engagementsColumn]
                problems.append(Problem(line: record.line,
                                        message: "bad engagements \"\(text)\" (expected a number ≥ 0)"))
                continue
            }
            rows.append(Row(line: record.line, time: time, impressions: impressions, engagements: engagements))
        }
        guard !rows.isEmpty else { throw .nothingUsable(problems: problems) }
        self.rows = rows
        self.problems = problems
    }

    /// A non-negative count: `123`, `123.0`, or with thousands separators (`1,234`).
    static func count(_ text: String) -> Double? {
        var digits = text
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1, (1...3).contains(groups[0].count),
           groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.allSatisfy({ $0.allSatisfy(\.isASCII) }) {
            digits = groups.joined()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(digits), value.isFinite, value >= 0
        else { return nil }
        return value
    }

    /// `2026-11-23 14:05 +0000`, with optional seconds, `T` or space, and an offset `Z`, `UTC`, `±HHMM` or
    /// `±HH:MM`; nil otherwise.
    static func time(_ text: String) -> Date? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[index..<(index + width)] {
                guard let digit = Int(String(scalar)), ("0"..."9").contains(scalar) else { return nil }
                value = value * 10 + digit
            }
            index += width
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("T") || expect("t") || expect(" "), let hour = number(2), expect(":"), let minute = number(2)
        else { return nil }
        var second = 0
        if expect(":") {
            guard let value = number(2) else { return nil }
            second = value
            if expect(".") { while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 } }
        }
        while expect(" ") {}
        var offset = 0
        if expect("Z") || expect("z") {
        } else if index + 3 <= scalars.count, String(String.UnicodeScalarView(scalars[index..<(index + 3)])) == "UTC" {
            index += 3
        } else if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
            let sign = scalars[index] == "-" ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = expect(":")
            guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard index == scalars.count,
              let local = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(local.secondsAsIfUTC - Int64(offset)))
    }
}
