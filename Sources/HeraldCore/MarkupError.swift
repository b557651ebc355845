/// Why ``MarkupParser`` could not read a document, with the 1-based line where it stopped.
public enum MarkupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not in the encoding the document declares (or UTF-8 without a declaration).
    case badEncoding(String)
    /// An encoding Herald does not read (only UTF-8, UTF-16, US-ASCII, ISO-8859-1 and windows-1252).
    case unsupportedEncoding(String)
    /// The document ended inside a construct (`an element <item>`, `a comment`).
    case unexpectedEnd(inside: String, line: Int)
    /// Something that is not well-formed XML.
    case malformed(String, line: Int)
    /// An end tag that does not close the element that is open.
    case mismatchedEndTag(expected: String, found: String, line: Int)
    /// No root element at all (an empty or HTML-only response).
    case noRootElement
    /// A document nested deeper than the parser follows (a defence against hostile input).
    case tooDeep(line: Int)

    public var description: String {
        switch self {
        case let .badEncoding(encoding): "the document is not valid \(encoding)"
        case let .unsupportedEncoding(encoding): "unsupported encoding \"\(encoding)\""
        case let .unexpectedEnd(inside, line): "line \(line): the document ends inside \(inside)"
        case let .malformed(reason, line): "line \(line): \(reason)"
        case let .mismatchedEndTag(expected, found, line):
            "line \(line): </\(found)> where </\(expected)> was expected"
        case .noRootElement: "no XML element in the document"
        case let .tooDeep(line): "line \(line): elements nested too deeply"
        }
    }
}
