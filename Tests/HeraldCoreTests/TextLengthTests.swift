import Testing
import HeraldCore

@Suite struct TextLengthTests {
    /// The same texts by each network's rules: X weighs CJK and emoji 2 and counts code points (after NFC),
    /// Mastodon and Bluesky count grapheme clusters.
    @Test(arguments: [
        ("Hello", 5, 5), ("", 0, 0), ("héllo", 5, 5), ("e\u{301}", 1, 1), ("👍🏽", 2, 1),
        ("👨‍👩‍👧‍👦", 2, 1), ("🇳🇴", 2, 1), ("a\nb", 3, 3),
        ("日本語", 6, 3), ("a\r\nb", 4, 3),
    ])
    func countsPerNetwork(_ text: String, _ x: Int, _ graphemes: Int) {
        #expect(TextLength.measure(text, network: .x) == x)
        #expect(TextLength.measure(text, network: .outbox) == x)
        #expect(TextLength.measure(text, network: .exec) == x)
        #expect(TextLength.measure(text, network: .mastodon) == graphemes)
        #expect(TextLength.measure(text, network: .bluesky) == graphemes)
    }

    @Test(arguments: [
        (Network.x, 280), (.mastodon, 500), (.bluesky, 300), (.outbox, 280), (.exec, 280),
    ])
    func limits(_ network: Network, _ limit: Int) {
        #expect(TextLength.limit(for: network) == limit)
        #expect(TextLength.measurement(of: "", network: network).limit == limit)
    }

    @Test func mastodonLimitComesFromTheInstance() {
        let settings = MastodonSettings(maxCharacters: 5000, charactersReservedPerURL: 23)
        #expect(TextLength.limit(for: .mastodon, mastodon: settings) == 5000)
        #expect(TextLength.limit(for: .x, mastodon: settings) == 280)
    }
}
