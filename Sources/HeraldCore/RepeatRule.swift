import Foundation

/// A repeating post's rule, from its `Repeat:`, `Repeat-Until:` and `Repeat-Count:` headers: after each
/// publication the post is queued again, `every` later, until the count or the until-time is reached (or forever
/// when neither is given, until `herald cancel`).
public struct RepeatRule: Sendable, Hashable, CustomStringConvertible {
    public var every: RepeatInterval
    /// No occurrence is queued whose nominal time is later than this; a local time without a zone is in the
    /// account's zone (resolved per account, like `At:`).
    public var until: TimeSpec?
    /// How many publications in all, the first included (at least 1).
    public var count: Int?

    public init(every: RepeatInterval, until: TimeSpec? = nil, count: Int? = nil) {
        self.every = every
        self.until = until
        self.count = count
    }

    /// `every 14d`, `every 14d, 5 times`, `every 1w until 2027-01-01 09:00:00`.
    public var description: String {
        "every \(every)" + (count.map { ", \($0) times" } ?? "") + (until.map { " until \($0)" } ?? "")
    }
}
