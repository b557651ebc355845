import Foundation

/// How words are normalised for the profanity rule, the same way for list entries and post words: case folded and
/// accents stripped (`É` → `e`), and — for post words only — digits, symbols and Cyrillic or Greek look-alikes used
/// as letters read as the letters they stand for (`0`→o `1`→i/l `3`→e `4`→a `5`→s `7`→t `8`→b `9`→g `@`→a `$`→s
/// `!`→i `+`→t, Cyrillic `с`→c) and masks (`*`, `#`, `%`) read as any one letter.
public enum WordNormalizer {
    /// Characters that stand for letters in obfuscated words.
    public static let lookalikes: [Character: Set<Character>] = [
        "0": ["o"], "1": ["i", "l"], "3": ["e"], "4": ["a"], "5": ["s"], "7": ["t"], "8": ["b"], "9": ["g"],
        "@": ["a"], "$": ["s"], "!": ["i"], "|": ["l", "i"], "+": ["t"], "€": ["e"],
        // Cyrillic and Greek letters that look like Latin ones ("fuсk" with a Cyrillic с).
        "а": ["a"], "е": ["e"], "о": ["o"], "р": ["p"], "с": ["c"], "у": ["y"], "х": ["x"], "і": ["i"],
        "ѕ": ["s"], "ј": ["j"], "к": ["k"], "ο": ["o"], "α": ["a"], "ι": ["i"], "κ": ["k"], "ν": ["v"],
    ]
    /// Characters that hide one letter.
    public static let masks: Set<Character> = ["*", "#", "%"]

    /// Whether `character` can be part of a (possibly obfuscated) word.
    public static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || lookalikes[character] != nil || masks.contains(character)
            || character.unicodeScalars.allSatisfy(isInvisible)
    }

    /// `text` in lower case without accents or other combining marks, compatibility forms read as their plain
    /// letters (fullwidth `ｆ`, ligature `ﬀ`), and invisible format characters (zero-width space and joiners, soft
    /// hyphen) dropped. Letters without a decomposition keep their own identity (`ø`, `æ`), which is fine because
    /// lists and posts go through the same folding.
    public static func fold(_ text: String) -> String {
        let lowered = text.decomposedStringWithCompatibilityMapping.lowercased()
        var scalars = String.UnicodeScalarView()
        for scalar in lowered.unicodeScalars where !isCombiningMark(scalar) && !isInvisible(scalar) {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Format characters that render as nothing and are used to break up words (U+200B, U+200D, U+00AD, …).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .format
    }

    /// A post word as matcher elements.
    public static func elements(_ word: some StringProtocol) -> [WordElement] {
        var elements: [WordElement] = []
        for character in word {
            if masks.contains(character) {
                elements.append(.mask)
            } else if let letters = lookalikes[character] {
                elements.append(letters.count == 1 ? .letter(letters.first!) : .oneOf(letters))
            } else {
                for folded in fold(String(character)) { elements.append(.letter(folded)) }
            }
        }
        return elements
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}
