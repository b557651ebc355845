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

/// What ``AppDatabase/acceptAll(_:now:planning:deferPlanning:place:)`` did: one outcome per post, and what the
/// batch's re-plan did to other posts.
public struct AcceptResult: Sendable, Equatable {
    public var outcomes: [AcceptOutcome]
    /// The inline re-plan: other posts that moved; provisional posts of earlier batches placed, withdrawn or failed.
    public var settled: SettleOutcome
    /// Planned accounts whose new posts wait, provisional, for the daemon to settle them (deferred planning).
    public var deferred: Set<String>
    /// How long the inline re-plan took (zero when there was none), for the daemon's `PlanPacer`.
    public var planningTime: Duration = .zero

    public init(outcomes: [AcceptOutcome], settled: SettleOutcome = SettleOutcome(), deferred: Set<String> = []) {
        self.outcomes = outcomes
        self.settled = settled
        self.deferred = deferred
    }

    /// Posts placed before this batch that moved to make room for it.
    public var moved: [PlanChange] { settled.moved }
}
