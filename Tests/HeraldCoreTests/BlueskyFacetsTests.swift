import Testing
import HeraldCore

/// Bluesky facets: links, mentions and tags with UTF-8 byte offsets.
@Suite struct BlueskyFacetsTests {
    /// The text a facet covers, cut from the UTF-8 bytes exactly as the server does.
    static func covered(_ text: String, _ facet: BlueskyFacet) -> String {
        String(decoding: Array(text.utf8)[facet.byteStart..<facet.byteEnd], as: UTF8.self)
    }

    @Test func plainTextHasNoFacets() {
        #expect(BlueskyFacets.detect(in: "Just words, nothing else. 100% fine!").isEmpty)
    }

    @Test func linkWithProtocolInASCII() {
        let text = "Read https://example.com/notes now"
        let facets = BlueskyFacets.detect(in: text)
        #expect(facets == [BlueskyFacet(byteStart: 5, byteEnd: 30, feature: .link(uri: "https://example.com/notes"))])
    }

    @Test func bareDomainGetsHTTPSAndTrailingPunctuationStaysText() {
        let text = "See example.com."
        let facets = BlueskyFacets.detect(in: text)
        #expect(facets.count == 1)
        #expect(facets.first?.feature == .link(uri: "https://example.com"))
        #expect(facets.first.map { Self.covered(text, $0) } == "example.com")
    }

    @Test func offsetsAfterEmojiAccentsAndCJK() {
        // 🎉 is 4 bytes, é 2 bytes, 漢字 3 bytes each: byte offsets differ from character offsets.
        let text = "🎉 Café 漢字 https://example.org #Fête @alice.bsky.social"
        let facets = BlueskyFacets.detect(in: text)
        #expect(facets.count == 3)
        #expect(facets[0] == BlueskyFacet(byteStart: 18, byteEnd: 37, feature: .link(uri: "https://example.org")))
        #expect(facets[1] == BlueskyFacet(byteStart: 38, byteEnd: 44, feature: .tag("Fête")))
        #expect(facets[2] == BlueskyFacet(byteStart: 45, byteEnd: 63, feature: .mention(handle: "alice.bsky.social")))
        #expect(facets.map { Self.covered(text, $0) } == ["https://example.org", "#Fête", "@alice.bsky.social"])
    }

    @Test func emojiFamilyBeforeATag() {
        let text = "👨‍👩‍👧‍👦 #family"
        let facets = BlueskyFacets.detect(in: text)
        // The family is 7 scalars and 25 bytes; the tag starts after the space.
        #expect(facets == [BlueskyFacet(byteStart: 26, byteEnd: 33, feature: .tag("family"))])
    }

    @Test func cjkTagAndFullWidthHash() {
        let text = "今日は＃東京 と #大阪。"
        let facets = BlueskyFacets.detect(in: text)
        #expect(facets.map(\.feature) == [.tag("大阪")])
        let spaced = "今日は ＃東京"
        #expect(BlueskyFacets.detect(in: spaced).map(\.feature) == [.tag("東京")])
        #expect(BlueskyFacets.detect(in: spaced).map { Self.covered(spaced, $0) } == ["＃東京"])
    }

    @Test(arguments: ["#1", "#2024", "#!!", "#️⃣ keycap", "a#tag", "#", "# spaced"])
    func notTags(_ text: String) {
        #expect(BlueskyFacets.detect(in: text).isEmpty)
    }

    @Test func tagLosesTrailingPunctuationAndKeepsInnerOnes() {
        #expect(BlueskyFacets.detect(in: "#swift-lang, #v6.2! #2024goals").map(\.feature)
                == [.tag("swift-lang"), .tag("v6.2"), .tag("2024goals")])
    }

    @Test func tagLengthLimit() {
        let fits = "#" + String(repeating: "a", count: 64)
        let over = "#" + String(repeating: "a", count: 65)
        #expect(BlueskyFacets.detect(in: fits).map(\.feature) == [.tag(String(repeating: "a", count: 64))])
        #expect(BlueskyFacets.detect(in: over).isEmpty)
    }

    @Test func mentionsNeedAFullHandleAndABoundary() {
        #expect(BlueskyFacets.detect(in: "hi @alice").isEmpty)
        #expect(BlueskyFacets.detect(in: "mail bob@example.com").map(\.feature) != [.mention(handle: "example.com")])
        #expect(BlueskyFacets.detect(in: "(@bob.test) and @carol.example.com.").map(\.feature)
                == [.mention(handle: "bob.test"), .mention(handle: "carol.example.com")])
        #expect(BlueskyFacets.detect(in: "@bad-.example.com").isEmpty)
        #expect(BlueskyFacets.detect(in: "@alice.123").isEmpty)
    }

    @Test func mentionWinsOverTheDomainInsideIt() {
        let text = "@alice.example.com"
        #expect(BlueskyFacets.detect(in: text)
                == [BlueskyFacet(byteStart: 0, byteEnd: 18, feature: .mention(handle: "alice.example.com"))])
    }

    @Test func anchorInALinkIsNotATag() {
        let text = "https://example.com/page#section"
        #expect(BlueskyFacets.detect(in: text).map(\.feature) == [.link(uri: "https://example.com/page#section")])
    }

    @Test(arguments: [
        ("alice.bsky.social", true), ("a.co", true), ("alice", false), ("-a.com", false), ("a-.com", false),
        ("a..com", false), ("a.1com", false), ("al_ice.com", false),
    ])
    func handleSyntax(_ handle: String, _ valid: Bool) {
        #expect(BlueskyFacets.isValidHandle(handle) == valid)
    }

    /// Every facet's bytes, cut from the text, are exactly what was detected, whatever precedes it.
    @Test(arguments: ["", "é", "🎉", "漢字", "👍🏽", "\u{0301}a"])
    func offsetsAreBytesWhateverPrecedes(_ prefix: String) {
        let text = prefix + " #tag https://example.com @bob.example.com"
        let facets = BlueskyFacets.detect(in: text)
        #expect(facets.map { Self.covered(text, $0) } == ["#tag", "https://example.com", "@bob.example.com"])
        #expect(facets.first?.byteStart == prefix.utf8.count + 1)
    }
}
