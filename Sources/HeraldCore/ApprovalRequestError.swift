/// Why an approval file could not be read.
public enum ApprovalRequestError: Error, Equatable, CustomStringConvertible {
    case malformed(line: Int, String)
    case missingDecision
    case missingReason

    public var description: String {
        switch self {
        case let .malformed(line, reason): "line \(line): \(reason)"
        case .missingDecision: "exactly one of Approve: ID or Reject: ID is required"
        case .missingReason: "Reject: needs a Reason:"
        }
    }
}
