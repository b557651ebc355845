/// A text measured by one network's rules: its length against the limit, and whether the network would take it.
///
/// `length` and `limit` are what `herald measure` and `herald check` print. `ok` says the text fits every limit
/// (on Bluesky the byte limit too, which `length` does not show); `isValid` adds the rules that are not about
/// length, today X's refusal of U+FFFE, U+FEFF and U+FFFF, so a short text can be `ok` and still not valid. Asking
/// whether something can be added to a post (the `#team` tag) means asking for `isValid` of the longer text:
/// lengths do not simply add up, since normalization, URLs, emoji and grapheme clusters may join across the seam.
public struct TextMeasure: Sendable, Hashable {
    /// The network whose rules were applied (`x`, `mastodon` or `bluesky`; outbox and exec count as one of them).
    public var network: Network
    /// The length as `network` counts it: X's weighted length, Mastodon's countable characters (content warning
    /// included), Bluesky's grapheme clusters.
    public var length: Int
    /// The most `length` may be.
    public var limit: Int
    /// The text's size in UTF-8 bytes.
    public var byteCount: Int
    /// The most `byteCount` may be, where the network limits it (Bluesky: 3000).
    public var byteLimit: Int?
    /// Whether the text contains a character the network refuses (X: U+FFFE, U+FEFF, U+FFFF).
    public var hasInvalidCharacters: Bool
    /// How many different links the text has, where the network limits them (Threads: 5).
    public var linkCount = 0
    /// The most different links the network takes in one post, if it limits them.
    public var linkLimit: Int?

    public init(
        network: Network, length: Int, limit: Int, byteCount: Int, byteLimit: Int? = nil,
        hasInvalidCharacters: Bool = false
    ) {
        self.network = network
        self.length = length
        self.limit = limit
        self.byteCount = byteCount
        self.byteLimit = byteLimit
        self.hasInvalidCharacters = hasInvalidCharacters
    }

    /// Whether the text is within every limit of the network: length, and bytes and links where they are limited.
    public var ok: Bool {
        length <= limit && byteCount <= byteLimit ?? byteCount && linkCount <= linkLimit ?? linkCount
    }

    /// Whether the network would accept the text as a post: `ok` and free of refused characters. (Whether a post
    /// may be empty is not a length rule and is left to the post file's own checks.)
    public var isValid: Bool {
        ok && !hasInvalidCharacters
    }

    /// The first reason the text is not valid, if any, for error messages.
    public var problem: TextMeasureProblem? {
        if hasInvalidCharacters { return .invalidCharacters }
        if length > limit { return .tooLong(length: length, limit: limit) }
        if let byteLimit, byteCount > byteLimit { return .tooManyBytes(count: byteCount, limit: byteLimit) }
        if let linkLimit, linkCount > linkLimit { return .tooManyLinks(count: linkCount, limit: linkLimit) }
        return nil
    }
}
