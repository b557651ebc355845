/// A URL twitter-text extracts from a text, with its place in UTF-16 code units (upstream's `indices`).
public struct TwitterURLEntity: Sendable, Hashable {
    /// The URL as twitter-text reports it; for a URL without protocol inside other words, the ASCII host and path.
    public var url: String
    /// Where it is in the text, in UTF-16 offsets: what counts as 23 characters.
    public var range: Range<Int>

    public init(url: String, range: Range<Int>) {
        self.url = url
        self.range = range
    }
}
