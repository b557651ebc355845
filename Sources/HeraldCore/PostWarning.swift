/// Something about a valid post file worth telling its author (`herald check`, the journal) that does not stop
/// it from being accepted.
public enum PostWarning: Sendable, Equatable, CustomStringConvertible {
    /// A `Media:` header without `alt=`: people who cannot see the image get nothing.
    case missingAltText(path: String, line: Int)

    public var line: Int {
        switch self {
        case .missingAltText(_, let line): line
        }
    }

    public var message: String {
        switch self {
        case .missingAltText(let path, _): "`Media` \(path) has no alt text (add `; alt=…` to describe it)"
        }
    }

    public var description: String { "line \(line): warning: \(message)" }
}
