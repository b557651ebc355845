/// Bluesky's post length: `app.bsky.feed.post` allows at most 300 grapheme clusters and 3000 UTF-8 bytes of text.
///
/// Both limits apply. The grapheme limit is the one people meet (300 characters, an emoji family counting as one);
/// the byte limit bites on long emoji sequences and combining-heavy scripts, where 300 graphemes can take well over
/// 3000 bytes. CJK text stays within both: 300 CJK characters are 900 bytes. Links count as typed.
public enum BlueskyLength {
    /// The most grapheme clusters a post's text may have.
    public static let maxGraphemes = 300
    /// The most UTF-8 bytes a post's text may have.
    public static let maxBytes = 3000
}
