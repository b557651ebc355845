/// Events of a feed (issue 14), as `HERALD_EVENT` with `HERALD_FEED`, each with its own fixed `MESSAGE_ID`, so
/// `journalctl -u herald HERALD_FEED=blog` tells a feed's story.
public enum FeedEvent: String, Sendable, CaseIterable {
    /// A new item became a post file in `incoming/` (`HERALD_FILE`, `HERALD_FEED_ITEM`); the spool's own
    /// `accepted` entry follows.
    case item = "feed-item"
    /// The first poll of a feed (or of its new source) marked its existing items as seen, posting none.
    case primed = "feed-primed"
    /// A poll failed (unreachable, an HTTP error, not a feed); the feed is polled again at its interval.
    case failed = "feed-failed"
    /// A poll succeeded after failures.
    case recovered = "feed-recovered"
    /// The feed's server answered with a permanent redirect: the configuration should name the new address.
    case moved = "feed-moved"

    public var messageID: String {
        switch self {
        case .item: "0f5112862b6349cb8e3c6d7b8c8ded64"
        case .primed: "22ab0557434043cdbd33bf790d60148d"
        case .failed: "f10494c609624d2ba61975dba39df874"
        case .recovered: "bb2d367e6d304852bcaf8850e7761d1a"
        case .moved: "aed4c053eba54cabb59d9bb95cb34334"
        }
    }
}
