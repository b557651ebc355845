import Foundation

extension HeraldConfiguration {
    /// The accounts whose posts the planner places, with the audience each is planned for.
    ///
    /// An account is planned when it has an `audience` or a learned curve (`herald learn`). A learned curve is
    /// engagement measured on the account's own clock, so it already mixes every zone its followers live in: it
    /// replaces the configured audience with the account's zone and that curve. Accounts with neither keep the
    /// slot queue (``QueuePlanner``).
    public func planningAccounts(learned: [String: ActivityCurve] = [:]) -> [PlanningAccount] {
        accounts.compactMap { account in
            if let curve = learned[account.name] {
                let audience = Audience.single(name: "learned:\(account.name)", zone: account.timeZone, curve: curve)
                return PlanningAccount(account: account, audience: audience)
            }
            guard let name = account.audience, let audience = audiences.first(where: { $0.name == name }) else {
                return nil
            }
            return PlanningAccount(account: account, audience: audience)
        }
    }
}
