import Foundation

/// `GET /{user-id}/threads_publishing_limit` (pure): how much of the moving 24-hour windows is used. Threads
/// allows 250 posts and 1,000 replies a day and enforces it at `threads_publish`; Herald asks before every publish
/// and never goes over.
public struct ThreadsPublishingLimit: Sendable, Equatable {
    public var postsUsed: Int
    public var postsTotal: Int
    public var repliesUsed: Int
    public var repliesTotal: Int
    /// The window's length (`quota_duration`), 24 hours.
    public var window: TimeInterval

    public init(postsUsed: Int, postsTotal: Int, repliesUsed: Int, repliesTotal: Int, window: TimeInterval) {
        self.postsUsed = postsUsed
        self.postsTotal = postsTotal
        self.repliesUsed = repliesUsed
        self.repliesTotal = repliesTotal
        self.window = window
    }

    /// The fields Herald asks for.
    public static let fields = "quota_usage,config,reply_quota_usage,reply_config"

    /// Parses the answer; nil when it lacks the usage figures (missing totals take Threads' documented ones).
    public init?(body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let first = (object["data"] as? [[String: Any]])?.first,
              let posts = (first["quota_usage"] as? NSNumber)?.intValue
        else { return nil }
        let config = first["config"] as? [String: Any]
        let replyConfig = first["reply_config"] as? [String: Any]
        self.init(
            postsUsed: posts, postsTotal: (config?["quota_total"] as? NSNumber)?.intValue ?? 250,
            repliesUsed: (first["reply_quota_usage"] as? NSNumber)?.intValue ?? 0,
            repliesTotal: (replyConfig?["quota_total"] as? NSNumber)?.intValue ?? 1000,
            window: (config?["quota_duration"] as? NSNumber)?.doubleValue ?? 86_400)
    }

    /// Whether one more post (or reply) fits.
    public func allows(reply: Bool) -> Bool {
        reply ? repliesUsed < repliesTotal : postsUsed < postsTotal
    }

    /// When to try again after the quota is used up: a window after the oldest of `published` (the moments
    /// Herald published the same kind within the window), or an hour from `now` when Herald knows none (the posts
    /// that used the quota were made elsewhere).
    public func retryAfter(now: Date, published: [Date]) -> Date {
        let inWindow = published.filter { now.timeIntervalSince($0) < window }
        guard let oldest = inWindow.min() else { return now.addingTimeInterval(3600) }
        return max(oldest.addingTimeInterval(window), now.addingTimeInterval(60))
    }
}
