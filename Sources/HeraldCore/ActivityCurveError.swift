/// Why an activity curve was refused, with the 1-based line of the CSV text where that applies.
public struct ActivityCurveError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// No header line at all.
        case empty
        /// The first line is not `day,time,activity`.
        case badHeader(String)
        /// A row without exactly three fields.
        case wrongFieldCount(Int)
        /// A day that is not `Mon`…`Sun`.
        case badDay(String)
        /// A time that is not `HH:MM` on a quarter hour.
        case badTime(String)
        /// An activity that is not a finite number ≥ 0 (also used for a bad value given as an array).
        case badActivity(String)
        /// A second row for the same quarter hour.
        case duplicate(String)
        /// Quarter hours with no row: the first one and how many.
        case missing(first: String, count: Int)
        /// Values given as an array that are not 672.
        case wrongCount(Int)
        /// A quoted field that never closes.
        case unterminatedQuote
    }

    /// The line of the problem in the CSV text, when there is one.
    public var line: Int?
    public var reason: Reason

    public init(line: Int?, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    /// `line 3: unknown day "Mo" (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)`.
    public var description: String {
        let message: String
        switch reason {
        case .empty: message = "no header line: expected \"day,time,activity\""
        case .badHeader(let text): message = "header is \"\(text)\", expected \"day,time,activity\""
        case .wrongFieldCount(let count): message = "expected 3 fields (day,time,activity), found \(count)"
        case .badDay(let text): message = "unknown day \"\(text)\" (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)"
        case .badTime(let text): message = "bad time \"\(text)\" (expected HH:MM on a quarter hour: 00, 15, 30 or 45)"
        case .badActivity(let text): message = "bad activity \"\(text)\" (expected a number ≥ 0)"
        case .duplicate(let quarter): message = "second row for \(quarter)"
        case .missing(let first, let count):
            message = "\(count) of the 672 quarter hours have no row (the first is \(first))"
        case .wrongCount(let count): message = "expected 672 values, found \(count)"
        case .unterminatedQuote: message = "a quoted field is never closed"
        }
        return line.map { "line \($0): \(message)" } ?? message
    }
}
