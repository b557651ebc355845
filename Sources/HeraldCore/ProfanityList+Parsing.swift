extension ProfanityList {
    /// Reads a word list: one entry per line; blank lines and `#` comments (whole line or after the word) are
    /// ignored; an entry is one word of letters, and a trailing `*` makes it a stem that also matches longer words
    /// (`fuck*` matches `fucking`). Entries are normalised with `WordNormalizer.fold`.
    public static func parse(_ text: String, language: String) throws(ProfanityListError) -> ProfanityList {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let word = content.trimmingCharacters(in: .whitespacesAndNewlines)
            if word.isEmpty { continue }
            let isStem = word.hasSuffix("*")
            let letters = isStem ? String(word.dropLast()) : word
            guard !letters.isEmpty, letters.allSatisfy(\.isLetter) else {
                let reason = letters.contains(where: \.isWhitespace)
                    ? "one word per line" : "a word of letters, optionally ending in *"
                throw .invalidEntry(line: line, text: word, reason: reason)
            }
            let normalized = WordNormalizer.fold(letters)
            entries.append(Entry(word: word, normalized: normalized, isStem: isStem, line: line))
        }
        return ProfanityList(language: language, entries: entries)
    }
}
