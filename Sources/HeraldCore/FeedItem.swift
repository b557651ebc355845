import Foundation

/// One item of an RSS or Atom feed, as a post template uses it: plain text, no markup.
public struct FeedItem: Sendable, Equatable {
    /// What identifies the item across polls: the RSS `guid`, the Atom `id` or RDF `about`; else the link; else
    /// the title and summary. A feed that re-orders or re-dates its items keeps their identities.
    public var guid: String
    public var title: String
    public var link: String?
    public var summary: String
    /// When the item was published (RSS `pubDate`, Atom `published` else `updated`), when the feed says.
    public var published: Date?
    /// Where the item stands in the document (0 = first), for items without dates.
    public var position: Int

    public init(guid: String, title: String, link: String?, summary: String, published: Date?, position: Int) {
        self.guid = guid
        self.title = title
        self.link = link
        self.summary = summary
        self.published = published
        self.position = position
    }
}
