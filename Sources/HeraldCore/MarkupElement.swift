/// An XML element as ``MarkupParser`` reads it: the name as written and resolved against the `xmlns`
/// declarations in scope, the attributes, and the content in document order.
///
/// Feeds mix vocabularies (`content:encoded` in RSS, `atom:link` in RSS, Atom under any prefix), so readers match
/// on ``namespace`` and ``localName``, never on the prefix a publisher happened to choose.
public struct MarkupElement: Sendable, Equatable {
    /// The qualified name as written (`atom:link`).
    public var name: String
    /// The name without its prefix (`link`).
    public var localName: String
    /// The namespace URI the prefix (or the default namespace) stands for; nil for none.
    public var namespace: String?
    public var attributes: [MarkupAttribute]
    public var content: [MarkupNode]
    /// The 1-based line of the start tag.
    public var line: Int

    public init(
        name: String, localName: String, namespace: String?, attributes: [MarkupAttribute] = [],
        content: [MarkupNode] = [], line: Int = 1
    ) {
        self.name = name
        self.localName = localName
        self.namespace = namespace
        self.attributes = attributes
        self.content = content
        self.line = line
    }

    /// The child elements, in order.
    public var children: [MarkupElement] {
        content.compactMap { if case let .element(element) = $0 { element } else { nil } }
    }

    /// The text directly inside this element (not its children's), concatenated.
    public var text: String {
        content.reduce(into: "") { result, node in if case let .text(text) = node { result += text } }
    }

    /// All text inside, children's included, in document order (Atom's `type="xhtml"` content is markup).
    public var allText: String {
        content.reduce(into: "") { result, node in
            switch node {
            case let .text(text): result += text
            case let .element(element): result += element.allText
            }
        }
    }

    /// The first child named `localName` in `namespace` (nil: in no namespace).
    public func child(_ localName: String, in namespace: String? = nil) -> MarkupElement? {
        children.first { $0.localName == localName && $0.namespace == namespace }
    }

    /// Every child named `localName` in `namespace`.
    public func children(_ localName: String, in namespace: String? = nil) -> [MarkupElement] {
        children.filter { $0.localName == localName && $0.namespace == namespace }
    }

    /// The value of the unprefixed attribute `name` (attributes without a prefix are in no namespace).
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// One attribute of a ``MarkupElement``, its value normalized and its entities decoded.
public struct MarkupAttribute: Sendable, Equatable {
    /// The qualified name as written (`xml:base`).
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
