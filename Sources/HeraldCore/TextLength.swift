/// How long a status is, and how long it may be, as each network counts it.
///
/// - X: twitter-text's weighted length (configuration v3): NFC, most alphabetic scripts 1 per character, CJK and
///   emoji 2, every URL 23, limit 280; see `TwitterText`.
/// - Mastodon: grapheme clusters of content warning and text, every URL `characters_reserved_per_url` (23),
///   `@user@domain` as `@user`, limit `max_characters` (500 unless the instance says otherwise); see `MastodonLength`.
/// - Bluesky: grapheme clusters, limit 300, and at most 3000 UTF-8 bytes; see `BlueskyLength`.
///
/// `outbox` and `exec` count like X, their default `counts_as`; pass `Account.lengthRules` to follow the account's
/// setting. Everything here is pure and fast (microseconds for a post), so callers may measure freely, for
/// instance once with and once without a hashtag.
public enum TextLength {
    /// The length of `text` as `network` counts it (with Mastodon's default settings and no content warning).
    public static func measure(_ text: String, network: Network) -> Int {
        measurement(of: text, network: network).length
    }

    /// The most `network` allows in one status: X 280, Mastodon 500 (the default instance limit), Bluesky 300.
    /// `outbox` and `exec` get X's limit, as for `measure`.
    public static func limit(for network: Network) -> Int {
        limit(for: network, mastodon: .standard)
    }

    /// The most `network` allows in one status, with the Mastodon instance's settings.
    public static func limit(for network: Network, mastodon: MastodonSettings) -> Int {
        switch network {
        case .x, .outbox, .exec: TwitterTextConfiguration.v3.maxWeightedTweetLength
        case .mastodon: mastodon.maxCharacters
        case .bluesky: BlueskyLength.maxGraphemes
        }
    }

    /// `text` measured by `network`'s rules. `mastodon` and `contentWarning` only matter on Mastodon, where the
    /// content warning counts with the text.
    public static func measurement(
        of text: String, network: Network, mastodon: MastodonSettings = .standard, contentWarning: String = ""
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
