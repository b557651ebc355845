/// A feed's `template`: text with `{title}`, `{link}` and `{summary}` (and `{{`, `}}` for literal braces), checked
/// when the configuration loads so that a typo is a config error, not a post that says `{titel}`.
public struct FeedTemplate: Sendable, Equatable {
    /// The placeholders a template may use.
    public enum Field: String, Sendable, CaseIterable {
        case title, link, summary
    }

    enum Piece: Sendable, Equatable {
        case literal(String)
        case field(Field)
    }

    /// The template as written.
    public let text: String
    let pieces: [Piece]

    /// `{title} {link}`: what most feed-to-post tools post.
    public static let standard = try! FeedTemplate("{title} {link}")

    public init(_ text: String) throws(FeedTemplateError) {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{" || character == "}", next < text.endIndex, text[next] == character {
                literal.append(character)
                index = text.index(after: next)
                continue
            }
            guard character == "{" else {
                guard character != "}" else { throw .strayBrace }
                literal.append(character)
                index = next
                continue
            }
            guard let close = text[next...].firstIndex(of: "}") else { throw .unclosed }
            let name = String(text[next..<close])
            guard let field = Field(rawValue: name) else { throw .unknownField(name) }
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            literal = ""
            pieces.append(.field(field))
            index = text.index(after: close)
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        guard pieces.contains(where: { if case .field = $0 { true } else { false } }) else { throw .noField }
        self.text = text
        self.pieces = pieces
    }

    /// The text for `item`, trimmed. Nothing is shortened here; see ``fitted(_:fits:)``.
    public func render(_ item: FeedItem) -> String {
        render(title: item.title, link: item.link ?? "", summary: item.summary)
    }

    /// The text for `item`, shortened until `fits` accepts it: the summary first, then the title, each cut at a
    /// word and ended with "…"; the link never (a cut link is a broken one). When even the shortest form does not
    /// fit, the full text is returned and the spool's length check rejects it, with the reason in `rejected/`.
    public func fitted(_ item: FeedItem, fits: (String) -> Bool) -> String {
        let link = item.link ?? ""
        let full = render(title: item.title, link: link, summary: item.summary)
        if fits(full) { return full }
        if uses(.summary), !item.summary.isEmpty {
            if let text = longest(item.summary, fits: { fits(render(title: item.title, link: link, summary: $0)) }) {
                return render(title: item.title, link: link, summary: text)
            }
        }
        let summary = uses(.summary) ? "" : item.summary
        if uses(.title), !item.title.isEmpty,
           let text = longest(item.title, fits: { fits(render(title: $0, link: link, summary: summary)) }) {
            return render(title: text, link: link, summary: summary)
        }
        return full
    }

    func uses(_ field: Field) -> Bool { pieces.contains(.field(field)) }

    private func render(title: String, link: String, summary: String) -> String {
        let text = pieces.reduce(into: "") { result, piece in
            switch piece {
            case let .literal(literal): result += literal
            case .field(.title): result += title
            case .field(.link): result += link
            case .field(.summary): result += summary
            }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The longest shortening of `text` (whole words, then "…") that `fits`; "" when only dropping it all fits,
    /// nil when not even that does. Binary search over the cut point: a check is one length measurement.
    private func longest(_ text: String, fits: (String) -> Bool) -> String? {
        let characters = Array(text)
        func shortened(_ count: Int) -> String {
            guard count > 0 else { return "" }
            var cut = characters[..<count]
            if count < characters.count, !characters[count].isWhitespace,
               let space = cut.lastIndex(where: \.isWhitespace), space > 0 {
                cut = cut[..<space]
            }
            var result = String(cut)
            while result.last?.isWhitespace == true || result.last?.isPunctuation == true { result.removeLast() }
            return result.isEmpty ? "" : result + "…"
        }
        guard fits(shortened(0)) else { return nil }
        var low = 0, high = characters.count - 1  // `low` fits; the whole text does not
        while low < high {
            let middle = (low + high + 1) / 2
            if fits(shortened(middle)) { low = middle } else { high = middle - 1 }
        }
        return shortened(low)
    }
}

/// Why a feed's `template` is refused.
public enum FeedTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownField(String)
    case unclosed
    case strayBrace
    case noField

    public var description: String {
        switch self {
        case let .unknownField(name):
            "unknown placeholder {\(name)}; use {title}, {link} or {summary} ({{ and }} for braces)"
        case .unclosed: "a { without its }"
        case .strayBrace: "a } without its { (write }} for a brace)"
        case .noField: "the template uses none of {title}, {link} and {summary}"
        }
    }
}
