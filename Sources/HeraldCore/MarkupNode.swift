/// One piece of an XML element's content, in document order: text (character data and CDATA, entities decoded)
/// or a child element. Comments and processing instructions are dropped by the parser.
public enum MarkupNode: Sendable, Equatable {
    case text(String)
    case element(MarkupElement)
}
