/// An account as the planner sees it: its rules (zone, `min_gap`, `max_per_day`, `quiet`, `half_life`) and the
/// audience its posts are placed for — the configured `[[audiences]]` entry with its curves, or the account's zone
/// with a learned curve (``Audience/single(name:zone:curve:)``).
public struct PlanningAccount: Sendable, Equatable {
    public var account: Account
    public var audience: Audience

    public init(account: Account, audience: Audience) {
        self.account = account
        self.audience = audience
    }

    /// The reach of this account's statuses.
    public var reachModel: ReachModel { ReachModel(audience: audience, halfLife: account.halfLife) }
}
