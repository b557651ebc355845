import Foundation

/// One target of a post after the policy gate: the validated target (moved to its account's `support_account`
/// and past any embargo where the gate said so) with what the gate decided added to it. It is what the store
/// accepts (issue 16: one target type from validation to the database, its language and account included, instead
/// of `PostTarget` → `GatedTarget` → `NewPost.Target` → `PostTarget` again).
public struct GatedTarget: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case go
        /// Held for an approver; the reason names the rules.
        case hold(String)
        /// Refused on this account; the reason names the rules.
        case reject(String)
    }

    /// Where and when it goes: the account it is published with (after a support move) and its instants (after an
    /// embargo).
    public var target: PostTarget
    public var outcome: Outcome
    /// Rule 5: the account this target was moved from (it is now on its `support_account`).
    public var movedFrom: String?
    /// Every hit for this target (on the account it was moved from too).
    public var hits: [PolicyHit]

    public init(_ target: PostTarget, outcome: Outcome = .go, movedFrom: String? = nil, hits: [PolicyHit] = []) {
        self.target = target
        self.outcome = outcome
        self.movedFrom = movedFrom
        self.hits = hits
    }

    /// The name of the account it is published with.
    public var account: String { target.account.name }
    public var at: Date? { target.at }
    public var notBefore: Date? { target.notBefore }
    public var notAfter: Date? { target.notAfter }

    /// Why it is held for an approver; nil unless the outcome is `hold`.
    public var hold: String? {
        if case let .hold(reason) = outcome { reason } else { nil }
    }

    /// Why it is refused on its account; nil unless the outcome is `reject`.
    public var rejection: String? {
        if case let .reject(reason) = outcome { reason } else { nil }
    }
}
