import Foundation

/// An RSS 2.0, RSS 1.0 (RDF) or Atom 1.0 feed, read into ``FeedItem``s in document order.
///
/// Titles and summaries become plain text (`HTMLText`): RSS escapes HTML in `description`, Atom says with
/// `type` whether text is `text`, `html` or `xhtml`. The summary prefers the short form (`description`,
/// `summary`) over the full content (`content:encoded`, `content`).
public struct FeedDocument: Sendable, Equatable {
    /// The feed's own title.
    public var title: String
    public var items: [FeedItem]

    public init(title: String, items: [FeedItem]) {
        self.title = title
        self.items = items
    }

    static let atom = "http://www.w3.org/2005/Atom"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rss1 = "http://purl.org/rss/1.0/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"

    public static func parse(_ bytes: [UInt8]) throws(FeedError) -> FeedDocument {
        let root: MarkupElement
        do {
            root = try MarkupParser.parse(bytes)
        } catch {
            throw .markup(error)
        }
        switch (root.localName, root.namespace) {
        case ("rss", nil):
            guard let channel = root.child("channel") else { throw .notAFeed(root: root.name) }
            return rss(channel: channel, items: channel.children("item"), namespace: nil)
        case ("RDF", rdf?):
            let channel = root.child("channel", in: rss1)
            return rss(channel: channel, items: root.children("item", in: rss1), namespace: rss1)
        case ("feed", atom?):
            return atomFeed(root)
        default:
            throw .notAFeed(root: root.name)
        }
    }

    // MARK: - RSS

    private static func rss(channel: MarkupElement?, items: [MarkupElement], namespace: String?) -> FeedDocument {
        let title = channel?.child("title", in: namespace).map { HTMLText.plain($0.text) } ?? ""
        let parsed = items.enumerated().map { position, item in
            let title = item.child("title", in: namespace).map { HTMLText.plain($0.allText) } ?? ""
            let link = nonEmpty(item.child("link", in: namespace)?.text)
                ?? nonEmpty(item.child("link", in: atom)?.attribute("href"))
            let description = item.child("description", in: namespace)?.allText
                ?? item.child("encoded", in: content)?.allText ?? ""
            let summary = HTMLText.plain(description)
            let date = item.child("pubDate", in: namespace)?.text ?? item.child("date", in: dublinCore)?.text
            let guid = nonEmpty(item.child("guid", in: namespace)?.text) ?? nonEmpty(item.attribute("rdf:about"))
                ?? link ?? fallbackGUID(title: title, summary: summary)
            return FeedItem(guid: guid, title: title, link: link, summary: summary,
                            published: date.flatMap(FeedDate.parse), position: position)
        }
        return FeedDocument(title: title, items: parsed)
    }

    // MARK: - Atom

    private static func atomFeed(_ feed: MarkupElement) -> FeedDocument {
        let title = feed.child("title", in: atom).map(atomText) ?? ""
        let items = feed.children("entry", in: atom).enumerated().map { position, entry in
            let title = entry.child("title", in: atom).map(atomText) ?? ""
            let links = entry.children("link", in: atom)
            let alternate = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first
            let link = nonEmpty(alternate?.attribute("href"))
            let summary = (entry.child("summary", in: atom) ?? entry.child("content", in: atom)).map(atomText) ?? ""
            let date = (entry.child("published", in: atom) ?? entry.child("updated", in: atom))?.text
            let guid = nonEmpty(entry.child("id", in: atom)?.text) ?? link
                ?? fallbackGUID(title: title, summary: summary)
            return FeedItem(guid: guid, title: title, link: link, summary: summary,
                            published: date.flatMap(FeedDate.parse), position: position)
        }
        return FeedDocument(title: title, items: items)
    }

    /// An Atom text construct as plain text: `html` is unescaped markup, `xhtml` is markup in the document, `text`
    /// (the default) is text, whose whitespace is still collapsed for a post.
    private static func atomText(_ element: MarkupElement) -> String {
        switch element.attribute("type") {
        case "html": HTMLText.plain(element.allText)
        case "xhtml": HTMLText.collapse(wordText(element))
        default: HTMLText.collapse(element.allText)
        }
    }

    /// The text of markup already in the document (Atom's `xhtml`), a space where a block element starts or ends.
    private static func wordText(_ element: MarkupElement) -> String {
        element.content.reduce(into: "") { result, node in
            switch node {
            case let .text(text): result += text
            case let .element(child):
                let gap = HTMLText.breaks.contains(child.localName.lowercased()) ? " " : ""
                result += gap + wordText(child) + gap
            }
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// An identity for an item with neither id nor link: its words, so the same item is recognised next time.
    private static func fallbackGUID(title: String, summary: String) -> String {
        "text:" + StableHash.hex([title, summary])
    }
}
