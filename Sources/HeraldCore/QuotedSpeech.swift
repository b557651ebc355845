/// Finds quoted speech in a text, which the brand-voice rule exempts: “…”, «…», „…“ or „…”, ‹…›, "…", and single
/// quotes ‘…’ or '…' when they are clearly quotes — the opening one at the start of a word, the closing one at the
/// end of one — so that apostrophes (`I'm`, `j’ai`) are never taken for quotes. An opening mark without its closing
/// mark quotes nothing.
public enum QuotedSpeech {
    /// For each Character of `characters`, whether it is inside quotation marks (the marks included).
    public static func mask(_ characters: [Character]) -> [Bool] {
        var quoted = [Bool](repeating: false, count: characters.count)
        var index = 0
        while index < characters.count {
            if let closers = closers(opening: characters, at: index),
               let close = closing(characters, after: index, closers: closers) {
                for inside in index...close { quoted[inside] = true }
                index = close + 1
            } else {
                index += 1
            }
        }
        return quoted
    }

    private static func closers(opening characters: [Character], at index: Int) -> Set<Character>? {
        switch characters[index] {
        case "“": ["”"]
        case "«": ["»"]
        case "„": ["“", "”"]
        case "‹": ["›"]
        case "\"": ["\""]
        case "‘", "'":
            isWordStart(characters, index) ? ["’", "'"] : nil
        default: nil
        }
    }

    private static func closing(_ characters: [Character], after open: Int, closers: Set<Character>) -> Int? {
        let single = closers.contains("'")
        var index = open + 1
        while index < characters.count {
            if closers.contains(characters[index]), !single || isWordEnd(characters, index) { return index }
            // Single quotes do not run across paragraphs.
            if single, characters[index] == "\n", index + 1 < characters.count, characters[index + 1] == "\n" {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// A single quote opening a quote: after a blank or an opening bracket (or at the start), before a letter.
    private static func isWordStart(_ characters: [Character], _ index: Int) -> Bool {
        let before = index == 0 || characters[index - 1].isWhitespace || "([{—–-".contains(characters[index - 1])
        let after = index + 1 < characters.count && !characters[index + 1].isWhitespace
        return before && after
    }

    /// A single quote closing a quote: after a non-blank, before a blank, punctuation or the end — not a letter.
    private static func isWordEnd(_ characters: [Character], _ index: Int) -> Bool {
        let before = !characters[index - 1].isWhitespace
        let after = index + 1 == characters.count || !(characters[index + 1].isLetter || characters[index + 1].isNumber)
        return before && after
    }
}
