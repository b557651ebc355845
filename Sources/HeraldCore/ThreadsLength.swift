/// Threads' post length: at most 500, where "emojis are counted as the number of UTF-8 bytes" (Meta's
/// documentation of `POST /{user-id}/threads`).
///
/// Meta does not say what an emoji is, nor how the rest is counted, so Herald reads the rule the way that never
/// lets through a text Threads could refuse: an emoji sequence (``TwitterEmoji``'s UTS #51 grammar: ZWJ families,
/// flags, keycaps, skin tones) counts the UTF-8 bytes of all its code points, joiners and selectors included
/// (👍 4, ❤️ 6, 👨‍👩‍👧 18); any other non-ASCII code point with the Unicode `Emoji` property (❤ without its
/// selector, ©, ™) counts its UTF-8 bytes too; everything else counts 1 per code point (so a decomposed é counts 2).
/// Links count as typed.
public enum ThreadsLength {
    /// The most a post's text may count.
    public static let maxLength = 500
    /// The most different links a post may carry: Threads refuses more (`THREADS_API__LINK_LIMIT_EXCEEDED`).
    public static let maxLinks = 5

    /// How many different links `text` has, found as X finds them (with or without `https://`: Threads counts
    /// `www.facebook.com` too) and told apart without their scheme, case or trailing `/`.
    public static func linkCount(_ text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        var extractor = TwitterURLExtractor(scalars: scalars, syntax: .twitter)
        let links = extractor.extract().map { range -> String in
            var link = String(String.UnicodeScalarView(scalars[range])).lowercased()
            for scheme in ["https://", "http://"] where link.hasPrefix(scheme) { link.removeFirst(scheme.count) }
            while link.hasSuffix("/") { link.removeLast() }
            return link
        }
        return Set(links).count
    }

    /// The length of `text` as above.
    public static func length(_ text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        var length = 0
        var index = 0
        while index < scalars.count {
            if let count = TwitterEmoji.sequenceLength(in: scalars, at: index) {
                length += scalars[index..<index + count].reduce(0) { $0 + $1.utf8.count }
                index += count
                continue
            }
            let scalar = scalars[index]
            length += scalar.value > 0x7F && scalar.properties.isEmoji ? scalar.utf8.count : 1
            index += 1
        }
        return length
    }
}
