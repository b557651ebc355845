/// One rich-text facet of a Bluesky post (`app.bsky.richtext.facet`): a span of the text, in UTF-8 byte offsets as
/// the AT Protocol requires, and what it means.
public struct BlueskyFacet: Sendable, Hashable {
    /// What a facet's span is.
    public enum Feature: Sendable, Hashable {
        /// `app.bsky.richtext.facet#link`: the full URI (`https://` added to a link typed without a protocol).
        case link(uri: String)
        /// `app.bsky.richtext.facet#mention`, still as typed: the publisher resolves the handle to a DID, and drops
        /// the facet when the handle does not resolve.
        case mention(handle: String)
        /// `app.bsky.richtext.facet#tag`: the tag without its `#`.
        case tag(String)
    }

    /// The first byte of the span in the text's UTF-8 form (`index.byteStart`).
    public var byteStart: Int
    /// One past the last byte of the span (`index.byteEnd`).
    public var byteEnd: Int
    public var feature: Feature

    public init(byteStart: Int, byteEnd: Int, feature: Feature) {
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.feature = feature
    }
}
