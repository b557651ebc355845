import Foundation

/// One target of a post as the approval rules see it.
public struct ApprovalTarget: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case held
        case expired
        /// Anything else (scheduled, published, rejected, cancelled…): there is nothing to decide.
        case other(String)
    }

    public var account: String
    public var state: State
    /// The target's last moment without `max_lateness` (its time, or its window's end).
    public var holdUntil: Date
    /// The account's `approvers` (user names and `@group`s).
    public var approvers: [String]

    public init(account: String, state: State, holdUntil: Date, approvers: [String]) {
        self.account = account
        self.state = state
        self.holdUntil = holdUntil
        self.approvers = approvers
    }
}
