import Foundation

/// A status of an account whose time the planner must work around: a post with an explicit `At:`, a queued post
/// of an account's slot queue, or one published recently (it still counts for `min_gap` and today's
/// `max_per_day`). Frozen planned posts are added by the planner itself.
public struct FixedStatus: Sendable, Equatable {
    public var account: String
    public var at: Date

    public init(account: String, at: Date) {
        self.account = account
        self.at = at
    }
}
