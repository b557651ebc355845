import Foundation

/// One target of a post after the policy gate: where and when it goes, and whether it goes, waits for an
/// approver or is refused.
public struct GatedTarget: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case go
        /// Held for an approver; the reason names the rules.
        case hold(String)
        /// Refused on this account; the reason names the rules.
        case reject(String)
    }

    public var account: String
    public var at: Date?
    public var notBefore: Date?
    public var notAfter: Date?
    public var outcome: Outcome
    /// Rule 5: the account this target was moved from (it is now on its `support_account`).
    public var movedFrom: String?
    /// Every hit for this target (on the account it was moved from too).
    public var hits: [PolicyHit]

    public init(
        account: String, at: Date?, notBefore: Date?, notAfter: Date?, outcome: Outcome, movedFrom: String? = nil,
        hits: [PolicyHit] = []
    ) {
        self.account = account
        self.at = at
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.outcome = outcome
        self.movedFrom = movedFrom
        self.hits = hits
    }
}
