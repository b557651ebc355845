/// The brand-voice rule: first-person singular words in the post's language, outside quoted speech. A brand
/// account speaks as "we".
///
/// Only the post's own language applies (Norwegian `min` is English "min"). Languages without a word set here are
/// not checked.
public enum VoiceRule {
    /// First-person singular words by lowercased primary language subtag. Elided forms (`j'`, `m'`) are the letter
    /// followed by an apostrophe.
    public static let words: [String: Set<String>] = [
        "en": ["i", "me", "my", "mine", "myself"],
        "fr": ["je", "j'", "me", "m'", "moi", "mon", "ma", "mes"],
        "nb": ["jeg", "meg", "min", "mi", "mitt", "mine"],
    ]

    /// The language key for a BCP 47 tag (`nb-NO` → `nb`; `no` is read as Bokmål).
    public static func key(for language: String) -> String {
        let primary = language.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return primary == "no" ? "nb" : primary
    }

    /// Words after which a capital `I` is a Roman numeral ("World War I", "Part I"), not the pronoun.
    static let numbered: Set<String> = [
        "act", "book", "chapter", "class", "episode", "grade", "level", "part", "phase", "round", "season", "stage",
        "tier", "type", "vol", "volume", "war",
    ]

    /// Whether the `i` at `range` is not the pronoun: "i.e.", or a capital `I` after a word of `numbered`.
    static func isNotPronoun(_ characters: [Character], _ range: Range<Int>) -> Bool {
        let end = range.upperBound
        if end + 1 < characters.count, characters[end] == ".", characters[end + 1].isLetter { return true }
        guard characters[range.lowerBound] == "I", range.lowerBound >= 2, characters[range.lowerBound - 1] == " "
        else { return false }
        var start = range.lowerBound - 1
        while start > 0, characters[start - 1].isLetter { start -= 1 }
        return numbered.contains(String(characters[start..<(range.lowerBound - 1)]).lowercased())
    }

    /// The first-person words of `characters` outside quotes, as ranges; the range takes in an English contraction
    /// (`I'm`) or a French elision's apostrophe (`j'`).
    public static func matches(in characters: [Character], language: String) -> [Range<Int>] {
        guard let words = words[key(for: language)] else { return [] }
        let quoted = QuotedSpeech.mask(characters)
        var found: [Range<Int>] = []
        for token in PolicyToken.runs(in: characters, where: \.isLetter) where !quoted[token.range.lowerBound] {
            let word = token.text.lowercased()
            let end = token.range.upperBound
            let apostrophe = end < characters.count && (characters[end] == "'" || characters[end] == "’")
            if apostrophe && words.contains(word + "'") {
                found.append(token.range.lowerBound..<(end + 1))
            } else if words.contains(word) {
                if word == "i", isNotPronoun(characters, token.range) { continue }
                var upper = end
                if apostrophe {
                    upper += 1
                    while upper < characters.count, characters[upper].isLetter { upper += 1 }
                }
                found.append(token.range.lowerBound..<upper)
            }
        }
        return found
    }
}
