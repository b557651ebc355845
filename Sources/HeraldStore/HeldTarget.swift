import Foundation

/// One target of a post, as an approval or an expiry needs to see it.
public struct HeldTarget: Sendable, Equatable {
    public var targetID: Int64
    public var postID: String
    public var account: String
    public var state: TargetState
    public var scheduledAt: Date
    /// A held target's last moment (its time, or its window's end); nil for targets never held.
    public var holdUntil: Date?
    /// The uid that owned the spool file (the post's author as the kernel saw it).
    public var ownerUID: UInt32
    public var heldReason: String?

    public init(
        targetID: Int64, postID: String, account: String, state: TargetState, scheduledAt: Date, holdUntil: Date?,
        ownerUID: UInt32, heldReason: String?
    ) {
        self.targetID = targetID
        self.postID = postID
        self.account = account
        self.state = state
        self.scheduledAt = scheduledAt
        self.holdUntil = holdUntil
        self.ownerUID = ownerUID
        self.heldReason = heldReason
    }
}
