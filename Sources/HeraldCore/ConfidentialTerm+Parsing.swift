import Foundation

extension ConfidentialTerm {
    /// Reads a terms file: one term per line (one or more words), optionally followed by `|` and the RFC 3339
    /// instant it becomes public (`Bluebird | 2027-01-15T09:00:00Z`). Blank lines and lines starting with `#` are
    /// ignored.
    public static func parseFile(_ text: String) throws(ConfidentialTermError) -> [ConfidentialTerm] {
        var terms: [ConfidentialTerm] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let pieces = content.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let term = pieces[0].trimmingCharacters(in: .whitespaces)
            guard !ConfidentialTermMatcher.words(of: Array(term)).isEmpty else { throw .emptyTerm(line: line) }
            var until: Date?
            if pieces.count == 2 {
                let value = pieces[1].trimmingCharacters(in: .whitespaces)
                guard let date = RFC3339.date(from: value) else { throw .invalidUntil(line: line, value: value) }
                until = date
            }
            terms.append(ConfidentialTerm(term: term, until: until, line: line))
        }
        return terms
    }
}
