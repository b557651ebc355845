import Foundation
import Testing
@testable import HeraldCore

/// Feed templates, the choice of items per poll, and the post files items become.
@Suite struct FeedTemplateTests {
    static func item(
        _ guid: String, title: String = "Title", link: String? = "https://example.com/a", summary: String = "",
        published: Date? = nil, position: Int = 0
    ) -> FeedItem {
        FeedItem(guid: guid, title: title, link: link, summary: summary, published: published, position: position)
    }

    @Test func templatesAreCheckedWhenRead() throws {
        #expect(throws: FeedTemplateError.unknownField("titel")) { try FeedTemplate("{titel} {link}") }
        #expect(throws: FeedTemplateError.unclosed) { try FeedTemplate("{title") }
        #expect(throws: FeedTemplateError.strayBrace) { try FeedTemplate("{title} }") }
        #expect(throws: FeedTemplateError.noField) { try FeedTemplate("New post!") }
        let braces = try FeedTemplate("{{new}} {title}")
        #expect(braces.render(Self.item("1")) == "{new} Title")
    }

    @Test func renderFillsEveryField() throws {
        let template = try FeedTemplate("New: {title}\n\n{summary}\n{link}")
        let item = Self.item("1", summary: "Short.")
        #expect(template.render(item) == "New: Title\n\nShort.\nhttps://example.com/a")
        #expect(FeedTemplate.standard.render(Self.item("2", link: nil)) == "Title")
    }

    @Test func longSummariesAreCutAtAWordToFit() throws {
        let template = try FeedTemplate("{title}: {summary} {link}")
        let words = Array(repeating: "lorem", count: 100).joined(separator: " ")
        let item = Self.item("1", summary: words)
        let text = template.fitted(item) { TextLength.fits($0, network: .x) }
        #expect(TextLength.fits(text, network: .x))
        #expect(text.hasPrefix("Title: lorem lorem"))
        #expect(text.hasSuffix("lorem… https://example.com/a"))
        #expect(TextLength.measure(text, network: .x) > 270)  // as long as fits, not much shorter
    }

    @Test func titlesAreCutWhenThereIsNoSummaryLeftToCut() throws {
        let title = Array(repeating: "word", count: 80).joined(separator: " ")
        let text = FeedTemplate.standard.fitted(Self.item("1", title: title)) { TextLength.fits($0, network: .bluesky) }
        #expect(TextLength.fits(text, network: .bluesky))
        #expect(text.hasSuffix("word… https://example.com/a"))
        let summaryFirst = try FeedTemplate("{title} {summary}")
        let both = summaryFirst.fitted(Self.item("2", title: title, summary: "gone")) {
            TextLength.fits($0, network: .bluesky)
        }
        #expect(!both.contains("gone"))
        #expect(TextLength.fits(both, network: .bluesky))
    }

    @Test func whatCannotFitComesBackWhole() throws {
        let template = try FeedTemplate("{link}")
        let link = "https://example.com/" + String(repeating: "a", count: 400)
        #expect(template.fitted(Self.item("1", link: link)) { _ in false } == link)
    }

    @Test func theFirstPollOnlyRemembers() {
        let items = (0..<5).map { Self.item("g\($0)", position: $0) }
        let selection = FeedSelection.select(items, seen: ["g1"], primed: false, maxPerPoll: 3)
        #expect(selection.post.isEmpty)
        #expect(selection.markSeen == ["g0", "g2", "g3", "g4"])
        #expect(selection.waiting == 0)
    }

    @Test func newItemsGoOldestFirstAtMostMaxPerPoll() {
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        let items = [
            Self.item("new", published: base.addingTimeInterval(300), position: 0),
            Self.item("undated-a", position: 1),
            Self.item("old", published: base, position: 2),
            Self.item("undated-b", position: 3),
            Self.item("new", published: base, position: 4),  // a duplicate identity: the first one counts
        ]
        let selection = FeedSelection.select(items, seen: [], primed: true, maxPerPoll: 3)
        #expect(selection.post.map(\.guid) == ["old", "new", "undated-b"])
        #expect(selection.markSeen == ["old", "new", "undated-b"])
        #expect(selection.waiting == 1)
        let next = FeedSelection.select(items, seen: Set(selection.markSeen), primed: true, maxPerPoll: 3)
        #expect(next.post.map(\.guid) == ["undated-a"])
        #expect(next.waiting == 0)
    }

    @Test func aReorderedFeedPostsNothingAgain() {
        let items = (0..<4).map { Self.item("g\($0)", position: $0) }
        let seen = Set(items.map(\.guid))
        let reordered = items.reversed().enumerated().map { index, item in
            Self.item(item.guid, position: index)
        }
        #expect(FeedSelection.select(reordered, seen: seen, primed: true, maxPerPoll: 10).post.isEmpty)
    }

    @Test func postFilesAreDeterministicAndCannotBeInjected() throws {
        let feed = Feed(name: "blog", source: .url("https://example.com/feed"), account: "brand")
        let item = Self.item("evil\nAccount: ceo", title: "T")
        let content = FeedPostFile.content(feed: feed, item: item, text: "T https://example.com/a")
        let file = try PostFile.parse(Array(content.utf8))
        #expect(file.accounts == ["brand"])
        #expect(file.id == FeedPostFile.id(feed: "blog", guid: item.guid))
        #expect(file.hold == "new item of feed blog")
        #expect(file.thread == false)
        #expect(file.extensionHeader(named: "X-Herald-Feed-Item") == "evil Account: ceo")
        #expect(file.body == "T https://example.com/a")
        #expect(FeedPostFile.fileName(feed: "blog", guid: item.guid) == FeedPostFile.id(feed: "blog", guid: item.guid)
            + ".post")
        #expect(FeedPostFile.id(feed: "blog", guid: "a") != FeedPostFile.id(feed: "news", guid: "a"))
        var open = feed
        open.hold = false
        #expect(try PostFile.parse(Array(FeedPostFile.content(feed: open, item: item, text: "x").utf8)).hold == nil)
    }
}
