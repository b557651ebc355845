/// A small, non-validating XML reader for feeds: elements, attributes, text, CDATA, the five predefined entities
/// and character references, with `xmlns` prefixes resolved. Comments, processing instructions and the document
/// type declaration are skipped.
///
/// Why not libxml2 or FoundationXML: the core stays pure and testable, and a feed is untrusted input, so this
/// reader deliberately never expands entities a DTD declares (no "billion laughs", no external entities): an
/// unknown `&name;` is kept as written, as is a stray `&` (feeds are often sloppy HTML in disguise). It is
/// iterative, so nesting depth costs no stack, and it stops at ``maximumDepth`` anyway.
public struct MarkupParser {
    /// Deeper documents are refused; real feeds nest fewer than ten levels.
    public static let maximumDepth = 256

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1

    private init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    /// The root element of the document in `bytes` (in the encoding its BOM or declaration names, else UTF-8).
    public static func parse(_ bytes: [UInt8]) throws(MarkupError) -> MarkupElement {
        var parser = MarkupParser(try MarkupDecoding.scalars(of: bytes))
        return try parser.document()
    }

    // MARK: - Document

    private struct Open {
        var element: MarkupElement
        var namespaces: [String: String]
    }

    private mutating func document() throws(MarkupError) -> MarkupElement {
        try skipMisc()
        guard index < scalars.count else { throw .noRootElement }
        var stack: [Open] = []
        let xml = ["xml": "http://www.w3.org/XML/1998/namespace"]
        while index < scalars.count {
            if scalars[index] != "<" {
                let text = try characterData()
                guard !stack.isEmpty else {
                    if text.unicodeScalars.allSatisfy(Self.isSpace) { continue }
                    throw .malformed("text outside the root element", line: line)
                }
                stack[stack.count - 1].element.appendText(text)
                continue
            }
            if starts(with: "<!--") {
                try skip(past: "-->", inside: "a comment")
            } else if starts(with: "<![CDATA[") {
                index += 9
                let text = try takeUntil("]]>", inside: "a CDATA section")
                guard !stack.isEmpty else { throw .malformed("CDATA outside the root element", line: line) }
                stack[stack.count - 1].element.appendText(text)
            } else if starts(with: "<?") {
                try skip(past: "?>", inside: "a processing instruction")
            } else if starts(with: "<!") {
                throw .malformed("unexpected markup declaration", line: line)
            } else if starts(with: "</") {
                index += 2
                let name = try self.name()
                skipSpace()
                try expect(">", inside: "an end tag")
                guard let open = stack.popLast() else {
                    throw .malformed("</\(name)> without an open element", line: line)
                }
                guard open.element.name == name else {
                    throw .mismatchedEndTag(expected: open.element.name, found: name, line: line)
                }
                guard !stack.isEmpty else { return open.element }  // anything after the root is ignored
                stack[stack.count - 1].element.content.append(.element(open.element))
            } else {
                let scope = stack.last?.namespaces ?? xml
                let (element, namespaces, empty) = try startTag(scope: scope)
                if empty {
                    guard !stack.isEmpty else { return element }
                    stack[stack.count - 1].element.content.append(.element(element))
                } else {
                    guard stack.count < Self.maximumDepth else { throw .tooDeep(line: element.line) }
                    stack.append(Open(element: element, namespaces: namespaces))
                }
            }
            if stack.isEmpty { try skipMisc() }
        }
        if let open = stack.last {
            throw .unexpectedEnd(inside: "the element <\(open.element.name)> of line \(open.element.line)", line: line)
        }
        throw .noRootElement
    }

    /// Whitespace, comments, processing instructions and a document type declaration, before the root.
    private mutating func skipMisc() throws(MarkupError) {
        while true {
            skipSpace()
            if starts(with: "<?") {
                try skip(past: "?>", inside: "a processing instruction")
            } else if starts(with: "<!--") {
                try skip(past: "-->", inside: "a comment")
            } else if starts(with: "<!DOCTYPE") {
                try skipDoctype()
            } else {
                return
            }
        }
    }

    /// `<!DOCTYPE …>` with its internal subset, whose declarations are not read (entities stay unexpanded).
    private mutating func skipDoctype() throws(MarkupError) {
        var depth = 0
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = advance()
            if let open = quote {
                if scalar == open { quote = nil }
                continue
            }
            switch scalar {
            case "\"", "'": quote = scalar
            case "[": depth += 1
            case "]": depth -= 1
            case ">" where depth <= 0: return
            default: break
            }
        }
        throw .unexpectedEnd(inside: "the document type declaration", line: line)
    }

    // MARK: - Tags

    private mutating func startTag(
        scope: [String: String]
    ) throws(MarkupError) -> (MarkupElement, [String: String], empty: Bool) {
        let startLine = line
        index += 1
        let name = try self.name()
        var attributes: [MarkupAttribute] = []
        var empty = false
        while true {
            let hadSpace = skipSpace()
            guard index < scalars.count else { throw .unexpectedEnd(inside: "the tag <\(name)>", line: line) }
            if scalars[index] == ">" {
                index += 1
                break
            }
            if starts(with: "/>") {
                index += 2
                empty = true
                break
            }
            guard hadSpace else { throw .malformed("expected a space, > or /> in the tag <\(name)>", line: line) }
            let attribute = try self.name()
            skipSpace()
            try expect("=", inside: "the attribute \(attribute) of <\(name)>")
            skipSpace()
            let value = try attributeValue(of: attribute)
            if attributes.contains(where: { $0.name == attribute }) {
                throw .malformed("the attribute \(attribute) is repeated in <\(name)>", line: line)
            }
            attributes.append(MarkupAttribute(name: attribute, value: value))
        }
        var namespaces = scope
        for attribute in attributes {
            if attribute.name == "xmlns" {
                namespaces[""] = attribute.value.isEmpty ? nil : attribute.value
            } else if attribute.name.hasPrefix("xmlns:") {
                namespaces[String(attribute.name.dropFirst(6))] = attribute.value
            }
        }
        let (prefix, local) = Self.split(name)
        let namespace: String?
        if let prefix {
            guard let declared = namespaces[prefix] else {
                throw .malformed("the prefix \(prefix) of <\(name)> is not declared", line: startLine)
            }
            namespace = declared
        } else {
            namespace = namespaces[""]
        }
        let element = MarkupElement(name: name, localName: local, namespace: namespace, attributes: attributes,
                                    line: startLine)
        return (element, namespaces, empty)
    }

    private static func split(_ name: String) -> (prefix: String?, local: String) {
        guard let colon = name.firstIndex(of: ":") else { return (nil, name) }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }

    private mutating func name() throws(MarkupError) -> String {
        var view = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if Self.isSpace(scalar) || "/>=<\"'".unicodeScalars.contains(scalar) { break }
            view.append(scalar)
            index += 1
        }
        guard !view.isEmpty else {
            guard index < scalars.count else { throw .unexpectedEnd(inside: "a tag", line: line) }
            throw .malformed("expected a name, found \"\(Character(scalars[index]))\"", line: line)
        }
        return String(view)
    }

    /// A quoted attribute value, entities decoded and whitespace characters turned into spaces (XML 1.0, 3.3.3).
    private mutating func attributeValue(of attribute: String) throws(MarkupError) -> String {
        guard index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" else {
            throw .malformed("the value of \(attribute) must be quoted", line: line)
        }
        let quote = advance()
        var view = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == quote {
                index += 1
                return String(view)
            }
            if scalar == "<" { throw .malformed("< inside the value of \(attribute)", line: line) }
            if scalar == "&" {
                view.append(contentsOf: reference())
            } else {
                view.append(Self.isSpace(scalar) ? " " : scalar)
                _ = advance()
            }
        }
        throw .unexpectedEnd(inside: "the value of \(attribute)", line: line)
    }

    // MARK: - Text

    /// Text up to the next `<`, entities decoded.
    private mutating func characterData() throws(MarkupError) -> String {
        var view = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "<" {
            if scalars[index] == "&" {
                view.append(contentsOf: reference())
            } else {
                view.append(advance())
            }
        }
        return String(view)
    }

    /// The entity or character reference at `&`, decoded; the `&` alone when it starts none that Herald knows.
    private mutating func reference() -> String.UnicodeScalarView {
        let start = index
        var end = index + 1
        while end < scalars.count, end - start <= 12, scalars[end] != ";" { end += 1 }
        guard end < scalars.count, scalars[end] == ";" else {
            index += 1
            return String.UnicodeScalarView(["&"])
        }
        let body = String(String.UnicodeScalarView(scalars[(start + 1)..<end]))
        let decoded: Unicode.Scalar? =
            switch body {
            case "lt": "<"
            case "gt": ">"
            case "amp": "&"
            case "apos": "'"
            case "quot": "\""
            default: Self.characterReference(body)
            }
        guard let decoded else {
            index += 1
            return String.UnicodeScalarView(["&"])
        }
        index = end + 1
        return String.UnicodeScalarView([decoded])
    }

    /// `#65` or `#x41` as a scalar; nil for anything else, for NUL and for surrogates.
    static func characterReference(_ body: String) -> Unicode.Scalar? {
        guard body.hasPrefix("#") else { return nil }
        let digits = body.dropFirst()
        let value: UInt32? =
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                UInt32(digits.dropFirst(), radix: 16)
            } else {
                UInt32(digits, radix: 10)
            }
        guard let value, value != 0 else { return nil }
        return Unicode.Scalar(value)
    }

    // MARK: - Scanning

    private func starts(with literal: String) -> Bool {
        var position = index
        for scalar in literal.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    private mutating func advance() -> Unicode.Scalar {
        let scalar = scalars[index]
        if scalar == "\n" { line += 1 }
        index += 1
        return scalar
    }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        let start = index
        while index < scalars.count, Self.isSpace(scalars[index]) { _ = advance() }
        return index > start
    }

    private mutating func expect(_ scalar: Unicode.Scalar, inside what: String) throws(MarkupError) {
        guard index < scalars.count else { throw .unexpectedEnd(inside: what, line: line) }
        guard scalars[index] == scalar else {
            throw .malformed("expected \"\(Character(scalar))\" in \(what)", line: line)
        }
        index += 1
    }

    private mutating func skip(past terminator: String, inside what: String) throws(MarkupError) {
        _ = try takeUntil(terminator, inside: what)
    }

    /// The scalars up to `terminator`, which is consumed.
    private mutating func takeUntil(_ terminator: String, inside what: String) throws(MarkupError) -> String {
        let startLine = line
        var view = String.UnicodeScalarView()
        while index < scalars.count {
            if starts(with: terminator) {
                index += terminator.unicodeScalars.count
                return String(view)
            }
            view.append(advance())
        }
        throw .unexpectedEnd(inside: "\(what) started on line \(startLine)", line: line)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r"
    }
}

extension MarkupElement {
    /// Adds text, merged with the text before it.
    mutating func appendText(_ text: String) {
        guard !text.isEmpty else { return }
        if case let .text(previous)? = content.last {
            content[content.count - 1] = .text(previous + text)
        } else {
            content.append(.text(text))
        }
    }
}
