import Foundation

/// X's length rules: twitter-text's `parseTweet` and URL extraction, reimplemented for Herald.
///
/// A post's length on X is not its character count. The text is first normalized to NFC (so `e` + combining acute
/// is one character, as X stores it); then every URL counts as 23 (X shortens all links to t.co links), every emoji
/// sequence as 2, and every other code point by its weight: 1 for most alphabetic scripts, 2 for CJK and the rest.
/// The limit is 280. U+FFFE, U+FEFF and U+FFFF make a text invalid whatever its length, and so does a text of
/// nothing but spaces (X counts it as empty).
///
/// Where twitter-text's implementations differ, Herald follows the Java one, which X's servers use to accept or
/// refuse a post (the JavaScript one drives X's web composer): for instance `t.co?x=1` counts as one link with its
/// query. Herald passes upstream's conformance data (`Tests/HeraldCoreTests/Fixtures`), which both implementations
/// pass, and agrees with the Java implementation on random texts except for emoji newer than its list, see
/// `TwitterEmoji`. Measuring a post takes microseconds: no regular expression is compiled or run, and the scan is
/// linear in the text.
public enum TwitterText {
    /// Weighs `text` as X does, with the given configuration (X's current `v3` by default).
    public static func parse(
        _ text: String, configuration: TwitterTextConfiguration = .v3
    ) -> TwitterTextParseResult {
        var scalars = Array(text.unicodeScalars)
        // X's servers treat a text of nothing but spaces and control characters as empty: weight 0, invalid.
        guard !scalars.allSatisfy({ $0.value <= 0x20 }) else {
            return TwitterTextParseResult(
                weightedLength: 0, permillage: 0, isValid: false, hasInvalidCharacters: false,
                displayRange: 0...max(text.utf16.count - 1, 0), validRange: 0...0
            )
        }
        if !scalars.allSatisfy(isNormalizationInert) {
            scalars = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
        }
        var extractor = TwitterURLExtractor(scalars: scalars, syntax: .twitter)
        let urls = extractor.extract()

        let scale = configuration.scale
        let maxWeight = configuration.maxWeightedTweetLength * scale
        var weight = 0
        var hasInvalidCharacters = false
        var offset = 0
        var utf16Offset = 0
        var validUTF16End = 0
        var nextURL = 0
        while offset < scalars.count {
            while nextURL < urls.count, urls[nextURL].lowerBound < offset { nextURL += 1 }
            let count: Int
            if nextURL < urls.count, urls[nextURL].lowerBound == offset {
                count = urls[nextURL].count
                weight += configuration.transformedURLLength * scale
            } else if configuration.emojiParsingEnabled,
                      let emoji = TwitterEmoji.sequenceLength(in: scalars, at: offset) {
                count = emoji
                weight += configuration.defaultWeight
            } else {
                count = 1
                weight += configuration.weight(of: scalars[offset])
                hasInvalidCharacters = hasInvalidCharacters || TwitterURLSyntax.isInvalid(scalars[offset])
            }
            for scalar in scalars[offset..<offset + count] { utf16Offset += scalar.utf16.count }
            offset += count
            if !hasInvalidCharacters, weight <= maxWeight { validUTF16End = utf16Offset }
        }

        let weightedLength = weight / scale
        // Offsets refer to the text as given; normalization may have shortened it (or lengthened it: U+FB2C is
        // three code points in NFC), so the end of the valid part is shifted as upstream does, within the text.
        let originalUTF16Count = text.utf16.count
        let normalizationOffset = originalUTF16Count - utf16Offset
        let validEnd = min(max(max(validUTF16End - 1, 0) + normalizationOffset, 0), max(originalUTF16Count - 1, 0))
        return TwitterTextParseResult(
            weightedLength: weightedLength,
            permillage: weightedLength * 1000 / configuration.maxWeightedTweetLength,
            isValid: !hasInvalidCharacters && weightedLength <= configuration.maxWeightedTweetLength,
            hasInvalidCharacters: hasInvalidCharacters,
            displayRange: 0...max(originalUTF16Count - 1, 0),
            validRange: 0...validEnd
        )
    }

    /// The URLs in `text` that X counts as links, in order, as twitter-text's `extractUrlsWithIndices` finds them
    /// (on the text as given: `parse` extracts from the NFC form).
    public static func extractURLs(_ text: String) -> [TwitterURLEntity] {
        let scalars = Array(text.unicodeScalars)
        var extractor = TwitterURLExtractor(scalars: scalars, syntax: .twitter)
        let urls = extractor.extract()
        guard !urls.isEmpty else { return [] }
        var utf16Offsets = [0]
        utf16Offsets.reserveCapacity(scalars.count + 1)
        for scalar in scalars { utf16Offsets.append(utf16Offsets[utf16Offsets.count - 1] + scalar.utf16.count) }
        return urls.map { url in
            TwitterURLEntity(
                url: TwitterURLExtractor.string(scalars[url]),
                range: utf16Offsets[url.lowerBound]..<utf16Offsets[url.upperBound]
            )
        }
    }

    /// Whether NFC never changes `scalar` nor combines it with a neighbour, so that a text made of such scalars
    /// needs no normalizing, the slowest step of a measurement. This covers most posts: Latin without combining
    /// marks, Cyrillic, CJK, kana, Hangul syllables, emoji, general punctuation and symbols.
    ///
    /// Such a scalar is its own normal form, has combining class 0 and is never the second half of a composition
    /// (NFC_Quick_Check = Yes). Only whole blocks known to qualify are listed (Unicode's stability policy keeps
    /// them so); text with anything else is normalized.
    static func isNormalizationInert(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x300, // Basic Latin to Spacing Modifier Letters
             0x400...0x482, 0x48A...0x4FF, // Cyrillic less its combining marks
             0x2002...0x20CF, // General Punctuation (less the singletons U+2000, U+2001) to Currency Symbols
             0x2190...0x2328, 0x232B...0x23FF, // Arrows to Miscellaneous Technical, less the angle brackets
             0x2460...0x27BF, // Enclosed Alphanumerics to Dingbats
             0x3000...0x3029, 0x3030...0x303F, // CJK Symbols and Punctuation less the tone marks
             0x3040...0x3098, 0x309B...0x30FF, // Hiragana and Katakana less the combining sound marks
             0x3400...0x4DBF, 0x4E00...0x9FFF, // CJK Unified Ideographs
             0xAC00...0xD7A3, // Hangul Syllables
             0xFE00...0xFE0F, // Variation Selectors
             0xFF01...0xFFEF, // Halfwidth and Fullwidth Forms
             0x1F000...0x1FAFF, // Emoji and pictographs
             0xE0020...0xE007F: // Tags
            true
        default:
            false
        }
    }
}
