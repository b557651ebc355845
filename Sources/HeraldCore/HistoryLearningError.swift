/// Why an account's curve cannot be learned from its own statuses.
public enum HistoryLearningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer statuses with fetched engagement than learning needs.
    case tooFewStatuses(found: Int, needed: Int)
    /// Enough statuses, but none was engaged with at all.
    case noSignal(statuses: Int)

    public var description: String {
        switch self {
        case let .tooFewStatuses(found, needed):
            "\(found) published statuses have engagement figures; learning from history needs at least \(needed) "
                + "(figures are fetched 1 h, 24 h and 7 d after each status is published, on X, Mastodon and "
                + "Bluesky)"
        case let .noSignal(statuses):
            "none of the \(statuses) statuses with engagement figures had any likes, reposts, replies or quotes"
        }
    }
}
