import Foundation

/// The policy gate (issue 6), pure: built once from the configuration and asked about many posts. It decides; the
/// daemon and `herald check` carry the decisions out.
public struct PolicyEngine: Sendable {
    public let policy: PolicyConfiguration

    public init(policy: PolicyConfiguration) {
        self.policy = policy
    }

    /// Every rule hit of `file` when published with `account`, at `now` (embargoes are compared with it).
    public func evaluate(_ file: PostFile, account: Account, now: Date) -> PolicyVerdict {
        PolicyVerdict()
    }

    /// Rule 6 only; the daemon resolves uid -> user name and group names and passes them in.
    public func checkSubmitter(user: String, groups: [String], account: Account) -> PolicyHit? {
        nil
    }
}
