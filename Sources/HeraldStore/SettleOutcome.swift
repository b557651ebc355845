import Foundation

/// What settling planned accounts did (see ``AppDatabase/settle(_:accounts:now:)``): for the journal, and the
/// posts the daemon must hand back as rejected files.
public struct SettleOutcome: Sendable, Equatable {
    /// Posts that had an instant and moved (`from` is where they were before this settle).
    public var moved: [PlanChange] = []
    /// Provisional posts given their instant (`from` nil).
    public var placed: [PlanChange] = []
    /// Posts withdrawn because the planner found no room for them: never published, so the daemon writes each
    /// back to `rejected/` as its file was, with the reason, exactly as if it had been refused at intake.
    public var withdrawn: [WithdrawnPost] = []
    /// Provisional targets with no room whose post had already gone out on another account: failed instead.
    public var failed: [WithdrawnPost] = []

    public init() {}

    public var isEmpty: Bool { moved.isEmpty && placed.isEmpty && withdrawn.isEmpty && failed.isEmpty }
}

/// A post (or one target of it) the planner found no room for after it was accepted.
public struct WithdrawnPost: Sendable, Equatable {
    public var postID: String
    /// The account with no room.
    public var account: String
    /// The spool file's name and content, as accepted.
    public var fileName: String
    public var content: [UInt8]
    /// Every account the post named.
    public var accounts: [String]
}
