import Foundation

/// One `[[feeds]]` entry: an RSS or Atom feed whose new items become post files for one account.
public struct Feed: Sendable, Equatable {
    /// Where the feed is read from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// `url = "https://…"`: fetched with a conditional GET.
        case url(String)
        /// `path = "/srv/…"` (or a `file://` URL): read from the local file system.
        case file(String)

        public var description: String {
            switch self {
            case let .url(url): url
            case let .file(path): path
            }
        }
    }

    /// The feed's name in the journal (`HERALD_FEED`) and in the database, where its seen items are kept: renaming
    /// a feed makes it a new feed (whose first poll posts nothing).
    public var name: String
    public var source: Source
    /// The account its posts go to.
    public var account: String
    /// Seconds between polls.
    public var every: TimeInterval
    public var template: FeedTemplate
    /// Whether each item waits for an approver (`Hold:` in its post file).
    public var hold: Bool
    /// The most items one poll turns into posts; the rest wait for the next polls.
    public var maxPerPoll: Int
    /// Seconds a fetch may take.
    public var timeout: TimeInterval

    public static let defaultEvery: TimeInterval = 1800
    public static let defaultMaxPerPoll = 3

    public init(
        name: String, source: Source, account: String, every: TimeInterval = Feed.defaultEvery,
        template: FeedTemplate = .standard, hold: Bool = true, maxPerPoll: Int = Feed.defaultMaxPerPoll,
        timeout: TimeInterval = 30
    ) {
        self.name = name
        self.source = source
        self.account = account
        self.every = every
        self.template = template
        self.hold = hold
        self.maxPerPoll = maxPerPoll
        self.timeout = timeout
    }
}
