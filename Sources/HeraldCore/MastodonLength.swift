/// Mastodon's status length: what its `StatusLengthValidator` counts against `max_characters`.
///
/// Mastodon counts grapheme clusters (👨‍👩‍👧‍👦 is one), of the content warning and the text together, after
/// stripping both of leading and trailing ASCII whitespace (Ruby's `strip`, which Mastodon applies before
/// validating). In the text, every link with a protocol counts as `characters_reserved_per_url` (23), and a
/// mention of a remote account counts without its domain (`@alice@example.social` as `@alice`), since followers see
/// it that way. Links without a protocol count as typed. A text of only whitespace counts as nothing.
public enum MastodonLength {
    /// The length Mastodon counts for a status with `text` and the content warning `contentWarning`.
    public static func countableLength(
        _ text: String, contentWarning: String = "", settings: MastodonSettings = .standard
    ) -> Int {
        let warning = rubyStripped(contentWarning)
        let body = rubyStripped(text)
        guard !body.unicodeScalars.allSatisfy(TwitterURLSyntax.isWhitespace) else { return warning.count }
        return (warning + countableText(body, settings: settings)).count
    }

    /// The text with every URL replaced by a placeholder of the reserved length and every mention by `@user`.
    private static func countableText(_ text: String, settings: MastodonSettings) -> String {
        let scalars = Array(text.unicodeScalars)
        var extractor = TwitterURLExtractor(scalars: scalars, syntax: .mastodon)
        let placeholder = String(repeating: "x", count: max(0, settings.charactersReservedPerURL))
        var entities: [(range: Range<Int>, replacement: String)] = extractor.extract().map { ($0, placeholder) }
        entities += MastodonMention.all(in: scalars).map { ($0.range, TwitterURLExtractor.string(scalars[$0.local])) }
        guard !entities.isEmpty else { return text }
        // twitter-text's remove_overlapping_entities: by start, dropping any entity that overlaps a kept one.
        entities.sort { $0.range.lowerBound < $1.range.lowerBound }
        var result = ""
        var position = 0
        for entity in entities where entity.range.lowerBound >= position {
            result += TwitterURLExtractor.string(scalars[position..<entity.range.lowerBound])
            result += entity.replacement
            position = entity.range.upperBound
        }
        return result + TwitterURLExtractor.string(scalars[position...])
    }

    /// Ruby's `String#strip`: NUL, tab, newline, vertical tab, form feed, carriage return and space, at both ends.
    static func rubyStripped(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func isStripped(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value == 0 || (0x09...0x0D).contains(scalar.value) || scalar == " "
        }
        guard let first = scalars.firstIndex(where: { !isStripped($0) }),
              let last = scalars.lastIndex(where: { !isStripped($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
