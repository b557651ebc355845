/// Why a file of an evergreen folder cannot fill a slot; the daemon skips it with one warning naming the file.
public enum EvergreenFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not parse as a post file.
    case invalid(PostFileError)
    /// A header the slot decides (`Account`, `At`, `Not-Before`, `Not-After`, `Id`) or one that makes no sense for
    /// an evergreen post (`Repeat`, `Repeat-Until`, `Repeat-Count`: the folder is the repetition).
    case headerNotAllowed(header: PostHeader, line: Int)

    /// The 1-based line of the problem, when there is one.
    public var line: Int? {
        switch self {
        case .invalid(let error): error.line
        case .headerNotAllowed(_, let line): line
        }
    }

    public var description: String {
        switch self {
        case .invalid(let error):
            error.description
        case .headerNotAllowed(let header, let line):
            "line \(line): `\(header)` is not for an evergreen post: its account, time and Id come from the slot "
                + "it fills, and the folder is what repeats it"
        }
    }
}
