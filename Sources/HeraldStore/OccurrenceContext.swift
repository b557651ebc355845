import Foundation
import HeraldCore

/// What the store needs from the configuration to queue a repeating post's next occurrence: the account (its
/// zone for calendar steps, its slots and rules for the queue, its audience for the planner) and the planner's
/// horizon (how long a planned occurrence's window is when the post gave none).
public struct OccurrenceContext: Sendable {
    public var account: Account
    public var horizon: TimeInterval

    public init(account: Account, horizon: TimeInterval) {
        self.account = account
        self.horizon = horizon
    }
}
