/// What a policy rule does when it hits (issue 6): `warn` lets the post through with a logged warning, `hold` keeps
/// it until an approver releases it, `reject` refuses it. Ordered warn < hold < reject so that the strongest action
/// among several hits decides.
public enum PolicyAction: String, Sendable, Equatable, Comparable, CaseIterable {
    case warn, hold, reject

    private var rank: Int {
        switch self {
        case .warn: 0
        case .hold: 1
        case .reject: 2
        }
    }

    public static func < (lhs: PolicyAction, rhs: PolicyAction) -> Bool { lhs.rank < rhs.rank }
}
