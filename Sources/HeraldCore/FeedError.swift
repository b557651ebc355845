/// Why a feed's document could not be read.
public enum FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not well-formed XML.
    case markup(MarkupError)
    /// Well-formed XML, but neither RSS nor Atom; `root` is the root element's name (`html` for an error page).
    case notAFeed(root: String)

    public var description: String {
        switch self {
        case let .markup(error): "not a readable XML document: \(error)"
        case let .notAFeed(root): "not an RSS or Atom feed (the document is <\(root)>)"
        }
    }
}
