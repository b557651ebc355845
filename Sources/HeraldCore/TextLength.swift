/// How long a status is, and how long it may be, as each network counts it.
///
/// - X: twitter-text's weighted length (configuration v3): NFC, most alphabetic scripts 1 per character, CJK and
///   emoji 2, every URL 23, limit 280; see `TwitterText`.
/// - Mastodon: grapheme clusters of content warning and text, every URL `characters_reserved_per_url` (23),
///   `@user@domain` as `@user`, limit `max_characters` (500 unless the instance says otherwise); see `MastodonLength`.
/// - Bluesky: grapheme clusters, limit 300, and at most 3000 UTF-8 bytes; see `BlueskyLength`.
/// - Threads: 500, emoji counting their UTF-8 bytes, and at most 5 different links; see `ThreadsLength`.
/// - LinkedIn: UTF-16 code units, 3000 for a post and 1250 for a comment (a thread's later parts); see
///   `LinkedInLength`.
///
/// `outbox` and `exec` count like X, their default `counts_as`; pass `Account.lengthRules` to follow the account's
/// setting. Everything here is pure and fast (microseconds for a post), so callers may measure freely, for
/// instance once with and once without a hashtag.
public enum TextLength {
    /// The length of `text` as `network` counts it (with Mastodon's default settings and no content warning).
    public static func measure(_ text: String, network: Network) -> Int {
        measurement(of: text, network: network).length
    }

    /// The most `network` allows in one status (a thread's first part): X 280, Mastodon 500 (the default instance
    /// limit), Bluesky 300, Threads 500, LinkedIn 3000. `outbox` and `exec` get X's limit, as for `measure`.
    public static func limit(for network: Network) -> Int {
        limit(for: network, mastodon: .standard)
    }

    /// The most `network` allows in part `part` of a thread, with the Mastodon instance's settings.
    public static func limit(for network: Network, mastodon: MastodonSettings, part: Int = 0) -> Int {
        switch network {
        case .x, .outbox, .exec: TwitterTextConfiguration.v3.maxWeightedTweetLength
        case .mastodon: mastodon.maxCharacters
        case .bluesky: BlueskyLength.maxGraphemes
        case .threads: ThreadsLength.maxLength
        case .linkedin: LinkedInLength.limit(part: part)
        }
    }

    /// `text` measured by `network`'s rules. `mastodon` and `contentWarning` only matter on Mastodon, where the
    /// content warning counts with the text; `part` (0-based) only on LinkedIn, where later parts are comments.
    public static func measurement(
        of text: String, network: Network, mastodon: MastodonSettings = .standard, contentWarning: String = "",
        part: Int = 0
    ) -> TextMeasure {
        let byteCount = text.utf8.count
        switch network {
        case .x, .outbox, .exec:
            let result = TwitterText.parse(text)
            return TextMeasure(
                network: network, length: result.weightedLength, limit: limit(for: network), byteCount: byteCount,
                hasInvalidCharacters: result.hasInvalidCharacters
            )
        case .mastodon:
            let length = MastodonLength.countableLength(text, contentWarning: contentWarning, settings: mastodon)
            return TextMeasure(network: network, length: length, limit: mastodon.maxCharacters, byteCount: byteCount)
        case .bluesky:
            return TextMeasure(
                network: network, length: text.count, limit: BlueskyLength.maxGraphemes, byteCount: byteCount,
                byteLimit: BlueskyLength.maxBytes
            )
        case .threads:
            var measure = TextMeasure(
                network: network, length: ThreadsLength.length(text), limit: ThreadsLength.maxLength,
                byteCount: byteCount)
            measure.linkCount = ThreadsLength.linkCount(text)
            measure.linkLimit = ThreadsLength.maxLinks
            return measure
        case .linkedin:
            return TextMeasure(
                network: network, length: LinkedInLength.length(text), limit: LinkedInLength.limit(part: part),
                byteCount: byteCount)
        }
    }

    /// Whether `network` would accept `text` as a status (`TextMeasure.isValid`): the question the `#team` rule
    /// asks of the text with the tag appended.
    public static func fits(
        _ text: String, network: Network, mastodon: MastodonSettings = .standard, contentWarning: String = ""
    ) -> Bool {
        measurement(of: text, network: network, mastodon: mastodon, contentWarning: contentWarning).isValid
    }
}
