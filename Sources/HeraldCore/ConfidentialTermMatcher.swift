/// Finds confidential terms in a text: case- and accent-insensitively, on word boundaries (letters and digits make
/// words), a multi-word term matching the same words in a row whatever separates them (`Project  Bluebird`,
/// `project-bluebird`).
public enum ConfidentialTermMatcher {
    /// The words of `characters`, folded, with their ranges.
    public static func words(of characters: [Character]) -> [(word: String, range: Range<Int>)] {
        PolicyToken.runs(in: characters) { $0.isLetter || $0.isNumber }
            .map { (WordNormalizer.fold($0.text), $0.range) }
    }

    /// Each occurrence of `term` in `characters`, as ranges from its first word's start to its last word's end.
    public static func occurrences(of term: String, in characters: [Character]) -> [Range<Int>] {
        let wanted = words(of: Array(term)).map(\.word)
        guard !wanted.isEmpty else { return [] }
        let found = words(of: characters)
        guard found.count >= wanted.count else { return [] }
        var ranges: [Range<Int>] = []
        for start in 0...(found.count - wanted.count)
        where (0..<wanted.count).allSatisfy({ found[start + $0].word == wanted[$0] }) {
            ranges.append(found[start].range.lowerBound..<found[start + wanted.count - 1].range.upperBound)
        }
        return ranges
    }
}
