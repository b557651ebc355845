import Foundation

/// Where the planner put one ``PlanRequest``, and what that is worth.
public struct PlannedPlacement: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        /// Placed by this plan.
        case planned
        /// Kept where an earlier plan put it: due within ``Planner/freeze`` (or already overdue).
        case frozen
        /// Its window ends before `now`, or ends before it begins.
        case windowClosed
        /// Quiet hours, `min_gap`, `max_per_day` and the other posts leave no instant in its window.
        case noRoom
        /// The request names an account the planner was not given.
        case unknownAccount
    }

    public var postID: String
    public var account: String
    public var outcome: Outcome
    /// The instant, for `planned` and `frozen`.
    public var at: Date?
    /// The reach at `at` (issue 4's formula), for `planned` and `frozen`.
    public var reach: Double?

    public init(postID: String, account: String, outcome: Outcome, at: Date? = nil, reach: Double? = nil) {
        self.postID = postID
        self.account = account
        self.outcome = outcome
        self.at = at
        self.reach = reach
    }
}
