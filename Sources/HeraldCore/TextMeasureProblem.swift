/// Why a network would refuse a text, as `TextMeasure.problem` reports it.
public enum TextMeasureProblem: Sendable, Hashable, CustomStringConvertible {
    /// The text contains U+FFFE, U+FEFF or U+FFFF, which X refuses whatever the length.
    case invalidCharacters
    /// The length as the network counts it exceeds the limit.
    case tooLong(length: Int, limit: Int)
    /// The text has more UTF-8 bytes than the network allows (Bluesky's 3000) though few enough characters.
    case tooManyBytes(count: Int, limit: Int)
    /// The text has more distinct links than the network allows (Threads' 5).
    case tooManyLinks(count: Int, limit: Int)

    public var description: String {
        switch self {
        case .invalidCharacters:
            "contains a character that is not allowed (U+FFFE, U+FEFF or U+FFFF)"
        case let .tooLong(length, limit):
            "\(length) characters, over the limit of \(limit)"
        case let .tooManyBytes(count, limit):
            "\(count) bytes of UTF-8, over the limit of \(limit)"
        case let .tooManyLinks(count, limit):
            "\(count) different links, over the limit of \(limit)"
        }
    }
}
