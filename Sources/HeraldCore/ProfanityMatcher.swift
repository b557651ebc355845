/// Finds list words in a text, on whole words only, through the usual obfuscations (see `WordNormalizer`):
///
/// - a post word matches a list word when it has the same letters, where a letter may be stretched to a run of
///   three or more (`fuuuck`; but `as` never matches `ass`, and the Norwegian `slutt` is not `slut`: doubled
///   letters are ordinary spelling), a digit or symbol may stand for
///   its letter (`sh1t`, `$hit`), and a mask (`*`, `#`, `%`) stands for exactly one letter (`f**king`), though
///   never for the first one;
/// - a stem entry (`fuck*`) matches words that start with it;
/// - single characters separated by one or two of `.`, `-`, `_` and space are joined (`f.u.c.k`, `f. u. c. k`);
/// - punctuation-like symbols at the ends of a word are also tried without (`shit!`, `#fuck`).
///
/// Because words are compared whole, innocent words that contain a list word ("Scunthorpe", "assess", "cockpit")
/// never match, unless a stem entry is their beginning: stems are for words whose beginning is never innocent.
public struct ProfanityMatcher: Sendable {
    /// One list word found in a text.
    public struct Match: Sendable, Equatable {
        public var range: Range<Int>
        public var entry: ProfanityList.Entry
        public var language: String
    }

    private struct Candidate: Sendable {
        var entry: ProfanityList.Entry
        var language: String
        var runs: [(letter: Character, count: Int)]
    }

    /// Candidates by their first letter.
    private let candidates: [Character: [Candidate]]
    /// Words longer than this are not checked (masks make matching exponential in the worst case).
    private static let longestWord = 64
    private static let joiners: Set<Character> = [".", "-", "_", " "]
    private static let edgeSymbols: Set<Character> = ["!", "*", "#", "%", "$", "@", "|"]

    public init(lists: [ProfanityList]) {
        var candidates: [Character: [Candidate]] = [:]
        for list in lists {
            for entry in list.entries {
                let runs = Self.runs(of: entry.normalized)
                guard let first = runs.first?.letter else { continue }
                candidates[first, default: []].append(Candidate(entry: entry, language: list.language, runs: runs))
            }
        }
        self.candidates = candidates
    }

    /// Every list word found in `characters`, at most one per post word, in text order.
    public func matches(in characters: [Character]) -> [Match] {
        let tokens = PolicyToken.runs(in: characters, where: WordNormalizer.isWordCharacter)
        var found: [Match] = []
        var index = 0
        while index < tokens.count {
            // A run of single characters with one or two joiners between each (`f.u.c.k`, `f. u. c. k`): try it
            // joined first.
            // Runs stop at `longestWord` letters: longer ones are never checked anyway, and extending a run of
            // thousands of single letters from every index would cost quadratic time on a hostile post.
            var end = index
            while end + 1 < tokens.count, end - index + 1 < Self.longestWord, tokens[end].text.count == 1,
                  tokens[end + 1].text.count == 1,
                  case let gap = tokens[end].range.upperBound..<tokens[end + 1].range.lowerBound, gap.count <= 2,
                  gap.allSatisfy({ Self.joiners.contains(characters[$0]) }) {
                end += 1
            }
            if end - index >= 2 {
                let range = tokens[index].range.lowerBound..<tokens[end].range.upperBound
                let joined = tokens[index...end].map(\.text).joined()
                if let match = match(word: joined, range: range) {
                    found.append(match)
                    index = end + 1
                    continue
                }
            }
            if let match = match(word: tokens[index].text, range: tokens[index].range) { found.append(match) }
            index += 1
        }
        return found
    }

    /// The first list word `word` is, trying it also without symbols at its ends.
    private func match(word: String, range: Range<Int>) -> Match? {
        let characters = Array(word)
        guard characters.count <= Self.longestWord else { return nil }
        var start = 0
        var end = characters.count
        while end > start, Self.edgeSymbols.contains(characters[end - 1]) { end -= 1 }
        while start < end, Self.edgeSymbols.contains(characters[start]) { start += 1 }
        // Trimmed first, so a stem does not take the punctuation in (`fuck!`); then as written, for masks at the
        // end (`f***`) and symbols used as letters (`@sshole`).
        var variants = [start..<end]
        for variant in [0..<characters.count, 0..<end, start..<characters.count] where !variants.contains(variant) {
            variants.append(variant)
        }
        for variant in variants where !variant.isEmpty {
            let elements = WordNormalizer.elements(String(characters[variant]))
            guard let first = elements.first, !first.isMask else { continue }
            for candidate in candidates(startingWith: first) where Self.matches(elements, candidate) {
                // A joined word (`f.u.c.k`) is reported whole; a trimmed one (`shit!`) without what was trimmed.
                let matched = range.count != characters.count ? range
                    : (range.lowerBound + variant.lowerBound)..<(range.lowerBound + variant.upperBound)
                return Match(range: matched, entry: candidate.entry, language: candidate.language)
            }
        }
        return nil
    }

    private func candidates(startingWith element: WordElement) -> [Candidate] {
        switch element {
        case .letter(let letter): candidates[letter] ?? []
        case .oneOf(let letters): letters.sorted().flatMap { candidates[$0] ?? [] }
        case .mask: []
        }
    }

    private static func matches(_ elements: [WordElement], _ candidate: Candidate) -> Bool {
        matches(elements, from: 0, candidate.runs, run: 0, isStem: candidate.entry.isStem)
    }

    /// Whether `elements[position...]` matches `runs[run...]`: each run of n equal letters takes exactly n post
    /// positions that can be that letter, or more than n and at least three when none of them is a mask.
    private static func matches(
        _ elements: [WordElement], from position: Int, _ runs: [(letter: Character, count: Int)], run: Int,
        isStem: Bool
    ) -> Bool {
        guard run < runs.count else { return isStem || position == elements.count }
        let (letter, count) = runs[run]
        var available = 0
        var masks = 0
        while position + available < elements.count, elements[position + available].matches(letter) {
            if elements[position + available].isMask { masks += 1 }
            available += 1
            // Lengthened runs count only from three letters on: doubled letters are ordinary spelling
            // (Norwegian "slutt" is not English "slut"), "sluuut" is not.
            let lengthened = available > count && available >= 3 && masks == 0
            if available == count || lengthened {
                if matches(elements, from: position + available, runs, run: run + 1, isStem: isStem) { return true }
            } else if available > count && masks > 0 {
                return false
            }
        }
        return false
    }

    private static func runs(of word: String) -> [(letter: Character, count: Int)] {
        var runs: [(letter: Character, count: Int)] = []
        for letter in word {
            if let last = runs.last, last.letter == letter {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((letter, 1))
            }
        }
        return runs
    }
}
