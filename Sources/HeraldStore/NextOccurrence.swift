import Foundation

/// A repeating post's occurrence queued after the previous one was published.
public struct NextOccurrence: Sendable, Equatable {
    public var postID: String
    public var account: String
    public var targetID: Int64
    /// 1-based, the first publication included.
    public var occurrence: Int
    /// `Repeat-Count:`, if the post gave one.
    public var count: Int?
    /// When the rule says it is due (its `At:` or the start of its window).
    public var nominal: Date
    /// Where it waits: its nominal time, its slot, or (provisional) the end of its window until the planner
    /// places it.
    public var scheduledAt: Date
    /// Waiting for the daemon's planner (`settle`).
    public var provisional: Bool
}
