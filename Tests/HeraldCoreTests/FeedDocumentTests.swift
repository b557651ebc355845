import Foundation
import Testing
@testable import HeraldCore

/// RSS 2.0, RSS 1.0 and Atom read into items: identities, links, plain-text titles and summaries, dates.
@Suite struct FeedDocumentTests {
    static func parse(_ text: String) throws -> FeedDocument {
        try FeedDocument.parse(Array(text.utf8))
    }

    @Test func rss2() throws {
        let feed = try Self.parse("""
            <?xml version="1.0"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel><title>Our blog</title><link>https://example.com/</link>
            <item>
              <title>Spring &amp;amp; summer</title>
              <link>https://example.com/spring</link>
              <description>&lt;p&gt;Fresh &lt;b&gt;colours&lt;/b&gt;&amp;hellip;&lt;/p&gt;
                &lt;script&gt;x()&lt;/script&gt;</description>
              <guid isPermaLink="false">post-2</guid>
              <pubDate>Tue, 01 Dec 2026 09:30:00 -0500</pubDate>
            </item>
            <item>
              <title>Hello</title>
              <link>https://example.com/hello</link>
              <content:encoded><![CDATA[<p>Full <i>text</i></p>]]></content:encoded>
              <dc:date>2026-11-30T08:00:00Z</dc:date>
            </item>
            <item><description>No title, no link, no guid</description></item>
            </channel></rss>
            """)
        #expect(feed.title == "Our blog")
        #expect(feed.items.count == 3)
        let first = feed.items[0]
        #expect(first.guid == "post-2")
        #expect(first.title == "Spring & summer")
        #expect(first.link == "https://example.com/spring")
        #expect(first.summary == "Fresh colours…")
        #expect(first.published == RFC3339.date(from: "2026-12-01T14:30:00Z"))
        let second = feed.items[1]
        #expect(second.guid == "https://example.com/hello")  // no guid: the link
        #expect(second.summary == "Full text")
        #expect(second.published == RFC3339.date(from: "2026-11-30T08:00:00Z"))
        #expect(feed.items[2].guid.hasPrefix("text:"))
        #expect(feed.items[2].position == 2)
    }

    @Test func atom() throws {
        let feed = try Self.parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Notes</title>
            <entry>
              <id>tag:example.com,2026:1</id>
              <title type="html">A &lt;em&gt;bold&lt;/em&gt; move</title>
              <link rel="edit" href="https://example.com/edit/1"/>
              <link rel="alternate" href="https://example.com/1"/>
              <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Short</p><p>story</p></div></summary>
              <content type="html">&lt;p&gt;Long story&lt;/p&gt;</content>
              <updated>2026-12-02T10:00:00+01:00</updated>
            </entry>
            <entry>
              <id>tag:example.com,2026:2</id>
              <title>  Plain   &lt;b&gt; text </title>
              <link href="https://example.com/2"/>
              <content type="html">&lt;p&gt;Only content&lt;/p&gt;</content>
              <published>2026-12-03T10:00:00Z</published>
              <updated>2026-12-04T10:00:00Z</updated>
            </entry>
            </feed>
            """)
        #expect(feed.title == "Notes")
        #expect(feed.items.map(\.guid) == ["tag:example.com,2026:1", "tag:example.com,2026:2"])
        #expect(feed.items[0].title == "A bold move")
        #expect(feed.items[0].link == "https://example.com/1")
        #expect(feed.items[0].summary == "Short story")
        #expect(feed.items[0].published == RFC3339.date(from: "2026-12-02T09:00:00Z"))
        #expect(feed.items[1].title == "Plain <b> text")  // type text: markup characters are text
        #expect(feed.items[1].link == "https://example.com/2")
        #expect(feed.items[1].summary == "Only content")
        #expect(feed.items[1].published == RFC3339.date(from: "2026-12-03T10:00:00Z"))  // published over updated
    }

    @Test func atomUnderAPrefix() throws {
        let feed = try Self.parse("""
            <a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry><a:id>1</a:id><a:title>T</a:title></a:entry></a:feed>
            """)
        #expect(feed.items.map(\.guid) == ["1"])
    }

    @Test func rss1() throws {
        let feed = try Self.parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel rdf:about="https://example.com/"><title>Old school</title></channel>
            <item rdf:about="https://example.com/a"><title>A</title><link>https://example.com/a</link></item>
            </rdf:RDF>
            """)
        #expect(feed.title == "Old school")
        #expect(feed.items.map(\.guid) == ["https://example.com/a"])
        #expect(feed.items[0].title == "A")
    }

    @Test func notAFeed() {
        #expect(throws: FeedError.notAFeed(root: "html")) { try Self.parse("<html><body>503</body></html>") }
        #expect(throws: FeedError.notAFeed(root: "rss")) { try Self.parse("<rss/>") }
        #expect(throws: FeedError.markup(.noRootElement)) { try Self.parse("") }
    }

    @Test func rfc822Dates() {
        func date(_ text: String) -> Date? { FeedDate.parse(text) }
        let expected = RFC3339.date(from: "2002-10-02T13:00:00Z")
        #expect(date("Wed, 02 Oct 2002 13:00:00 GMT") == expected)
        #expect(date("02 Oct 2002 13:00 +0000") == expected)
        #expect(date("Wed, 02 Oct 02 08:00:00 EST") == expected)
        #expect(date("Wed, 2 October 2002 15:00:00 +0200") == expected)
        #expect(date("2002-10-02T13:00:00Z") == expected)
        #expect(date("Wed, 31 Feb 2002 13:00:00 GMT") == nil)
        #expect(date("yesterday") == nil)
        #expect(date("Wed, 02 Oct 2002 25:00:00 GMT") == nil)
    }

    @Test func htmlBecomesPlainText() {
        #expect(HTMLText.plain("<p>One<br/>two</p>\n\n<ul><li>three</li></ul>") == "One two three")
        #expect(HTMLText.plain("a &amp; b &#8217; &rsquo; &unknown; <style>p{}</style>c")
            == "a & b ’ ’ &unknown; c")
        #expect(HTMLText.plain("x < y and <!-- hidden --> z") == "x < y and z")
        #expect(HTMLText.plain("<a href='x>y'>link</a>") == "link")
        #expect(HTMLText.plain("  ") == "")
    }
}
