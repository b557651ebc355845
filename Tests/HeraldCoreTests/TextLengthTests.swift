import Testing
import HeraldCore

@Suite struct TextLengthTests {
    @Test(arguments: [
        ("Hello", 5), ("", 0), ("héllo", 5), ("e\u{301}", 1), ("👍🏽", 1),
        ("👨‍👩‍👧‍👦", 1), ("🇳🇴", 1), ("a\nb", 3),
        ("日本語", 3), ("a\r\nb", 3),
    ])
    func countsGraphemeClusters(_ text: String, _ length: Int) {
        for network in Network.allCases {
            #expect(TextLength.measure(text, network: network) == length)
        }
    }

    @Test(arguments: [
        (Network.x, 280), (.mastodon, 500), (.bluesky, 300), (.outbox, 280), (.exec, 280),
    ])
    func limits(_ network: Network, _ limit: Int) {
        #expect(TextLength.limit(for: network) == limit)
    }
}
