/// Why a status is being published; written as the outbox's `kind` field (DESIGN, "Outbox (Contract)").
public enum StatusKind: String, Sendable, Codable, CaseIterable {
    /// A post (or one part of a thread) someone submitted.
    case post
    /// The announcement that opens a delegated session ("some of my posts will be written by our team").
    case announcement
    /// The periodic reminder during a delegated session that someone else may be at the controls.
    case reminder
    /// The status that closes a delegated session.
    case closing
}
