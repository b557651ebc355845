/// Emoji sequences as twitter-text v3 weighs them: one emoji counts as 2, however many code points it has.
///
/// twitter-text matches the sequences of the twemoji set (Unicode's recommended emoji, RGI) with a generated
/// regex. Herald follows the same grammar (UTS #51) with the Unicode properties of the Swift runtime instead of a
/// frozen list, so emoji added after twitter-text's last release count as one too:
/// - keycaps: `#`, `*` or a digit, an optional U+FE0F, then U+20E3 (`1⃣` is one emoji, not "1" plus a symbol);
/// - flags: two regional indicators; subdivision flags: 🏴 followed by tag characters and a cancel tag;
/// - otherwise elements joined by ZWJ (U+200D), as in 👨‍👩‍👧‍👦 or 🏳️‍🌈, where an element is an emoji
///   character, then U+FE0F if it is one that defaults to text presentation (❤️, ☺️), then a skin-tone modifier if
///   it takes one (🙋🏽).
///
/// As in twemoji, © and ® are emoji only with U+FE0F (alone they are text and weigh 1), digits, `#` and `*` only as
/// keycaps, and U+FE0F after an emoji that is already emoji-style (😷) is not part of it.
///
/// Compared with twitter-text's Java list (2020), sequences added since (❤️‍🔥, 🫱🏻‍🫲🏿) count as one here and as their
/// parts there; X keeps its list current, so Herald counts them as X does today. The price is a few rare texts
/// that twemoji splits: a ZWJ sequence outside the recommended set (🐱‍🐉) or a flag of no country (🇦🇦) counts 2
/// here rather than 5 or 4, and an emoji-style character with U+FE0F that twemoji lists as a variant (⌚️) counts
/// 4 rather than 2.
enum TwitterEmoji {
    private static let variationSelector16: Unicode.Scalar = "\u{FE0F}"
    private static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"
    private static let keycap: Unicode.Scalar = "\u{20E3}"
    private static let blackFlag: Unicode.Scalar = "\u{1F3F4}"
    private static let cancelTag: Unicode.Scalar = "\u{E007F}"

    /// How many scalars the emoji sequence starting at `index` has, or nil if none starts there.
    static func sequenceLength(in scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let first = scalars[index]
        if isKeycapBase(first) { return keycapLength(in: scalars, at: index) }
        guard mayBeEmoji(first) else { return nil }
        if isRegionalIndicator(first) {
            return index + 1 < scalars.count && isRegionalIndicator(scalars[index + 1]) ? 2 : 1
        }
        if first == blackFlag, let length = tagSequenceLength(in: scalars, at: index) {
            return length
        }
        guard var end = elementEnd(in: scalars, at: index) else { return nil }
        while end + 1 < scalars.count, scalars[end] == zeroWidthJoiner,
              let next = elementEnd(in: scalars, at: end + 1) {
            end = next
        }
        return end - index
    }

    /// A quick answer for the common scripts, before looking up Unicode properties: no code point from U+0000 to
    /// U+203B other than © and ®, and none from U+3300 to U+1EFFF, is an emoji (emoji live in the symbol blocks
    /// U+203C–U+329F and from U+1F000 on). A test checks this against the runtime's Unicode data.
    static func mayBeEmoji(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xA9, 0xAE: true
        case 0..<0x203C, 0x3300..<0x1F000: false
        default: true
        }
    }

    private static func isKeycapBase(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "#" || scalar == "*" || TwitterURLSyntax.isASCIIDigit(scalar)
    }

    private static func keycapLength(in scalars: [Unicode.Scalar], at index: Int) -> Int? {
        var end = index + 1
        if end < scalars.count, scalars[end] == variationSelector16 { end += 1 }
        return end < scalars.count && scalars[end] == keycap ? end + 1 - index : nil
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    /// 🏴 + tag letters (U+E0020…U+E007E) + cancel tag, as in the flags of England, Scotland and Wales.
    private static func tagSequenceLength(in scalars: [Unicode.Scalar], at index: Int) -> Int? {
        var end = index + 1
        while end < scalars.count, (0xE0020...0xE007E).contains(scalars[end].value) { end += 1 }
        guard end > index + 1, end < scalars.count, scalars[end] == cancelTag else { return nil }
        return end + 1 - index
    }

    /// The end of one emoji element (character, presentation selector, skin tone) starting at `index`.
    private static func elementEnd(in scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let base = scalars[index]
        let properties = base.properties
        guard properties.isEmoji, !isKeycapBase(base), !isRegionalIndicator(base) else { return nil }
        var end = index + 1
        if end < scalars.count, scalars[end] == variationSelector16, !properties.isEmojiPresentation {
            end += 1
        } else if base == "©" || base == "®" {
            return nil
        }
        // Emoji_Modifier is exactly the five skin tones; look the base up only when one follows.
        if end < scalars.count, (0x1F3FB...0x1F3FF).contains(scalars[end].value), properties.isEmojiModifierBase {
            end += 1
        }
        return end
    }
}
