import Foundation
import HeraldCore

/// What the store needs to place posts with the planner: its settings and the accounts it plans, with their
/// audiences (see ``HeraldCore/HeraldConfiguration/planningAccounts(learned:)``). Posts of any other account keep
/// the slot queue.
public struct PlanningContext: Sendable, Equatable {
    public var planner: Planner
    public var accounts: [PlanningAccount]

    public init(planner: Planner, accounts: [PlanningAccount]) {
        self.planner = planner
        self.accounts = accounts
    }

    /// Whether posts of `account` are placed by the planner.
    public func plans(_ account: String) -> Bool { accounts.contains { $0.account.name == account } }
}

/// A planned post the planner moved (or placed for the first time), for the journal.
public struct PlanChange: Sendable, Equatable {
    public var targetID: Int64
    public var postID: String
    public var account: String
    /// Where it was before; nil for a post placed for the first time.
    public var from: Date?
    public var to: Date
    public var reach: Double
}

/// What ``AppDatabase/acceptAll(_:now:planning:place:)`` did: one outcome per post, and the other planned posts
/// that moved to make room for the new ones.
public struct AcceptResult: Sendable, Equatable {
    public var outcomes: [AcceptOutcome]
    public var moved: [PlanChange]
}
