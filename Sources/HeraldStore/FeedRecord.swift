import Foundation

/// What the database remembers about one feed between polls.
public struct FeedRecord: Sendable, Equatable {
    public var name: String
    /// The `url` or `path` the feed was primed from.
    public var source: String
    /// The validators of the last full fetch, sent back as `If-None-Match` / `If-Modified-Since`.
    public var etag: String?
    public var lastModified: String?
    public var primedAt: Date
    public var polledAt: Date

    public init(
        name: String, source: String, etag: String? = nil, lastModified: String? = nil, primedAt: Date,
        polledAt: Date
    ) {
        self.name = name
        self.source = source
        self.etag = etag
        self.lastModified = lastModified
        self.primedAt = primedAt
        self.polledAt = polledAt
    }
}
