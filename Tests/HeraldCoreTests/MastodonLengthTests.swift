import Testing
import HeraldCore

/// Mastodon's countable length: graphemes, URLs as characters_reserved_per_url, `@user@domain` as `@user`, the
/// content warning counted with the text.
@Suite struct MastodonLengthTests {
    static func length(_ text: String, cw: String = "", settings: MastodonSettings = .standard) -> Int {
        MastodonLength.countableLength(text, contentWarning: cw, settings: settings)
    }

    @Test(arguments: [
        ("hello", 5),
        ("https://example.com/a/very/long/path/that/is/way/over/23/characters", 23),
        ("see https://example.com/a/very/long/path/that/is/way/over/23/characters", 27),
        ("https://t.co/x", 23),
        ("see https://example.com/a.", 4 + 23 + 1),
        ("https://example.com/日本語/パス", 23),
        ("https://www.日本.com", 23),
        ("gemini://example.org/capsule/index.gmi", 23),
        ("two https://example.com/1 https://example.com/2", 4 + 23 + 1 + 23),
        // Without a protocol a link counts as typed.
        ("example.com/path", 16),
        ("http://no-tld", 13),
    ])
    func urls(_ text: String, _ length: Int) {
        #expect(Self.length(text) == length)
    }

    @Test(arguments: [
        ("@alice@mastodon.social hi", 9),
        ("@alice hi", 9),
        ("hi @alice@example.social and @bob@example.org", 3 + 6 + 5 + 4),
        ("@Alice_B@sub.example.co.uk.", 8 + 1),
        // Not mentions: an address, an @ after a word, a one-letter domain (then another @ follows).
        ("write to me@example.com", 23),
        ("a@b@example.com", 15),
        ("@alice@x", 8),
        // A mention followed by "://" or an accented letter is refused.
        ("@alice@example.org://x", 22),
    ])
    func mentions(_ text: String, _ length: Int) {
        #expect(Self.length(text) == length)
    }

    @Test func mentionInsideAURLIsPartOfTheURL() {
        #expect(Self.length("https://example.social/@alice@example.org") == 23)
    }

    @Test(arguments: [
        ("👨‍👩‍👧‍👦", 1), ("🏳️‍🌈", 1), ("🇳🇴🇸🇪", 2), ("👍🏽👍🏽", 2), ("e\u{301}", 1), ("日本語", 3), ("a\r\nb", 3),
    ])
    func graphemeClusters(_ text: String, _ length: Int) {
        #expect(Self.length(text) == length)
    }

    @Test func contentWarningCountsWithTheText() {
        #expect(Self.length("hello", cw: "spoilers") == 13)
        #expect(Self.length("https://example.com/long/path", cw: "CW: link") == 8 + 23)
        let text = String(repeating: "a", count: 490)
        #expect(TextLength.fits(text, network: .mastodon, contentWarning: "ten chars!"))
        #expect(!TextLength.fits(text, network: .mastodon, contentWarning: "eleven char"))
    }

    @Test func surroundingWhitespaceIsStripped() {
        #expect(Self.length("  hello\n\n") == 5)
        #expect(Self.length(" \n ", cw: "cw") == 2)
        #expect(Self.length("\u{3000}", cw: "") == 0)
        #expect(Self.length("\u{3000}x") == 2)
    }

    @Test func settingsComeFromTheInstance() {
        let settings = MastodonSettings(maxCharacters: 1000, charactersReservedPerURL: 30)
        #expect(Self.length("see https://example.com", settings: settings) == 34)
        let measure = TextLength.measurement(
            of: String(repeating: "a", count: 999), network: .mastodon, mastodon: settings
        )
        #expect(measure.limit == 1000)
        #expect(measure.isValid)
        #expect(MastodonSettings.standard == MastodonSettings(maxCharacters: 500, charactersReservedPerURL: 23))
    }

    @Test(arguments: [499, 500, 501])
    func limitEdge(_ length: Int) {
        let url = "https://example.com/" + String(repeating: "p", count: 100)
        let text = String(repeating: "ü", count: length - 24) + " " + url
        let measure = TextLength.measurement(of: text, network: .mastodon)
        #expect(measure.length == length)
        #expect(measure.ok == (length <= 500))
        #expect(TextLength.fits(text, network: .mastodon) == (length <= 500))
    }
}
