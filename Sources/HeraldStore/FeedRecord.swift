import Foundation

/// What the database remembers about one feed between polls.
public struct FeedRecord: Sendable, Equatable {
    public var name: String
    /// The `url` or `path` the feed was primed from.
    public var source: String
    /// The validators of the last full fetch, sent back as `If-None-Match` / `If-Modified-Since`.
    public var etag: String?
    public var lastModified: String?
    /// When its items were first marked seen; nil while it has never been read.
    public var primedAt: Date?
    /// The last successful poll (a document or a `304`).
    public var polledAt: Date?
    /// Why polls fail, since when; nil once one succeeds.
    public var lastError: String?
    public var failingSince: Date?
    /// How many item identities are remembered.
    public var seenItems: Int

    public init(
        name: String, source: String, etag: String? = nil, lastModified: String? = nil, primedAt: Date? = nil,
        polledAt: Date? = nil, lastError: String? = nil, failingSince: Date? = nil, seenItems: Int = 0
    ) {
        self.name = name
        self.source = source
        self.etag = etag
        self.lastModified = lastModified
        self.primedAt = primedAt
        self.polledAt = polledAt
        self.lastError = lastError
        self.failingSince = failingSince
        self.seenItems = seenItems
    }

    /// Whether its items were marked seen from `source`: otherwise its next document only primes it.
    public func isPrimed(from source: String) -> Bool {
        primedAt != nil && self.source == source
    }
}
