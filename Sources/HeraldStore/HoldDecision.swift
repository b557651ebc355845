/// What an approver decided about a held target.
public enum HoldDecision: Sendable, Equatable {
    /// Release it: it is scheduled again (and goes out now if its time has passed).
    case approve
    /// Reject it, with the approver's reason.
    case reject(reason: String)

    /// The word stored in `decisions.decision` and used as the event name.
    public var word: String {
        switch self {
        case .approve: "approved"
        case .reject: "rejected"
        }
    }
}
