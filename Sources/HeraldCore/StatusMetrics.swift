/// A status's engagement as its network counts it at one moment (`herald history --metrics`, learning).
///
/// Likes, reposts and replies are what X, Mastodon and Bluesky all report; quotes (X, Bluesky) and impressions
/// (X) are nil where the network gives none, so an absent figure is never mistaken for zero.
public struct StatusMetrics: Sendable, Equatable, Codable {
    public var likes: Int
    public var reposts: Int
    public var replies: Int
    public var quotes: Int?
    public var impressions: Int?

    public init(likes: Int, reposts: Int, replies: Int, quotes: Int? = nil, impressions: Int? = nil) {
        self.likes = likes
        self.reposts = reposts
        self.replies = replies
        self.quotes = quotes
        self.impressions = impressions
    }

    /// Everything people did with the status (impressions are views, not engagement): the learning signal, as an
    /// X analytics export's `engagements` column counts reactions.
    public var engagements: Int { likes + reposts + replies + (quotes ?? 0) }
}
