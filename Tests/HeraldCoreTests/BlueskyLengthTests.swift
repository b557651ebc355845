import Testing
import HeraldCore

/// Bluesky: at most 300 grapheme clusters and 3000 UTF-8 bytes.
@Suite struct BlueskyLengthTests {
    static func measure(_ text: String) -> TextMeasure {
        TextLength.measurement(of: text, network: .bluesky)
    }

    @Test func cjkFitsInGraphemesAndBytes() {
        let measure = Self.measure(String(repeating: "漢", count: 300))
        #expect(measure.length == 300)
        #expect(measure.byteCount == 900)
        #expect(measure.ok && measure.isValid)
    }

    @Test(arguments: [(299, true), (300, true), (301, false)])
    func graphemeLimit(_ count: Int, _ ok: Bool) {
        let measure = Self.measure(String(repeating: "a", count: count))
        #expect(measure.length == count)
        #expect(measure.ok == ok)
        #expect(measure.problem == (ok ? nil : .tooLong(length: count, limit: 300)))
    }

    /// A family emoji is one grapheme but 25 bytes: 120 of them are exactly 3000 bytes, 121 one too many.
    @Test(arguments: [(120, true), (121, false)])
    func longEmojiSequencesHitTheByteLimit(_ count: Int, _ ok: Bool) {
        let measure = Self.measure(String(repeating: "👨‍👩‍👧‍👦", count: count))
        #expect(measure.length == count)
        #expect(measure.byteCount == 25 * count)
        #expect(measure.byteLimit == 3000)
        #expect(measure.ok == ok)
        #expect(measure.problem == (ok ? nil : .tooManyBytes(count: 25 * count, limit: 3000)))
        #expect(TextLength.fits(String(repeating: "👨‍👩‍👧‍👦", count: count), network: .bluesky) == ok)
    }

    @Test func combiningMarksCountAsOneGrapheme() {
        // "e" with 20 combining marks: one grapheme, 41 bytes; 74 of them are 3034 bytes.
        let heavy = "e" + String(repeating: "\u{301}", count: 20)
        let measure = Self.measure(String(repeating: heavy, count: 74))
        #expect(measure.length == 74)
        #expect(!measure.ok)
    }

    @Test func linksCountAsTyped() {
        let url = "https://example.com/" + String(repeating: "a", count: 100)
        #expect(Self.measure(url).length == url.count)
    }
}
