/// Why an analytics export could not be used at all (single bad rows are only reported, see
/// ``EngagementExport/problems``).
public enum EngagementExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text has no header line.
    case empty
    /// The header lacks columns learning needs.
    case missingColumns([String], line: Int)
    /// A quoted field starting on this line never closes.
    case unterminatedQuote(line: Int)
    /// Not one row could be read; the rows' problems say why.
    case nothingUsable(problems: [EngagementExport.Problem])
    /// Rows were read, but none had an engagement, or all are too old to weigh anything: nothing to learn from.
    case noSignal

    public var description: String {
        switch self {
        case .empty:
            "the export is empty: expected a header with time, impressions and engagements columns"
        case .missingColumns(let names, let line):
            "line \(line): the header has no \(names.joined(separator: ", ")) column"
                + (names.count > 1 ? "s" : "") + " (an X analytics export has time, impressions and engagements)"
        case .unterminatedQuote(let line):
            "line \(line): a quoted field is never closed"
        case .nothingUsable(let problems):
            (["no usable row"] + problems.prefix(5).map(\.description)
                + (problems.count > 5 ? ["… and \(problems.count - 5) more"] : [])).joined(separator: "\n")
        case .noSignal:
            "no row has any engagement (or every row is too old to count): nothing to learn from"
        }
    }
}
