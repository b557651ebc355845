import Foundation
import Testing
@testable import HeraldCore

/// X's weighted length beyond the conformance data: the limit's edge with CJK, emoji and URLs, emoji sequences,
/// invalid characters and normalization.
@Suite struct TwitterTextTests {
    static func length(_ text: String) -> Int {
        TwitterText.parse(text).weightedLength
    }

    /// Texts of exactly `weight` weighted characters, each built mostly from one kind of content.
    static func text(weight: Int, of kind: String) -> String {
        switch kind {
        case "cjk": String(repeating: "漢", count: weight / 2) + String(repeating: "a", count: weight % 2)
        case "emoji": String(repeating: "👨‍👩‍👧‍👦", count: weight / 2) + String(repeating: "a", count: weight % 2)
        // 23 + 1 per URL and space; the rest in Latin letters with accents (weight 1 each).
        case "urls":
            String(repeating: "https://example.com/a/rather/long/path/to/somewhere ", count: weight / 24)
                + String(repeating: "é", count: weight % 24)
        default: String(repeating: "a", count: weight)
        }
    }

    @Test(arguments: ["ascii", "cjk", "emoji", "urls"], [279, 280, 281])
    func limitEdge(_ kind: String, _ weight: Int) {
        let text = Self.text(weight: weight, of: kind)
        let result = TwitterText.parse(text)
        #expect(result.weightedLength == weight)
        #expect(result.isValid == (weight <= 280))
        #expect(TextLength.fits(text, network: .x) == (weight <= 280))
        #expect(TextLength.measurement(of: text, network: .x).ok == (weight <= 280))
    }

    /// The #team rule: ` #team` (6) is appended only if the result still fits.
    @Test(arguments: ["ascii", "cjk", "emoji", "urls"], [273, 274, 275])
    func teamTagFitsExactly(_ kind: String, _ weight: Int) {
        let tagged = Self.text(weight: weight, of: kind) + " #team"
        #expect(Self.length(tagged) == weight + 6)
        #expect(TextLength.fits(tagged, network: .x) == (weight + 6 <= 280))
    }

    @Test func everyURLCountsAs23() {
        #expect(Self.length("https://t.co/x") == 23)
        #expect(Self.length("https://example.com/" + String(repeating: "a", count: 500)) == 23)
        #expect(Self.length("example.com") == 23)
        #expect(Self.length("see example.com.") == 4 + 23 + 1)
        // Not URLs: unknown TLD, mention, file name.
        #expect(Self.length("example.comtest") == 15)
        #expect(Self.length("@example.com") == 12)
        #expect(Self.length("tar.bz2") == 7)
    }

    @Test func hostLabelsAreLimitedTo63CharactersInPunycode() {
        let ok = "http://" + String(repeating: "a", count: 63) + ".com"
        let tooLong = "http://" + String(repeating: "a", count: 64) + ".com"
        #expect(Self.length(ok) == 23)
        #expect(Self.length(tooLong) == tooLong.count)
        // These 52 hiragana encode to 63 characters of punycode, 53 to more (repeating one kana would encode
        // shorter: punycode stores differences between code points).
        let kana = String(String(repeating: "あいうえおかきくけこ", count: 6).prefix(53))
        #expect(Self.length("http://" + kana.dropLast() + ".com") == 23)
        #expect(Self.length("http://" + kana + ".com") == 7 + 106 + 4)
    }

    @Test func urlsAreLimitedTo4096Characters() {
        let path = "/" + String(repeating: "a", count: 4096 - "https://example.com/".count)
        #expect(Self.length("https://example.com" + path) == 23)
        #expect(Self.length("https://example.com" + path + "b") == 4097)
    }

    @Test(arguments: [
        ("😷", 2), ("👨‍👩‍👧‍👦", 2), ("🏳️‍🌈", 2), ("🧑🏽‍💻", 2), ("🏃🏾‍♀️", 2), ("👍🏽", 2), ("🇳🇴", 2),
        ("🇳🇴🇸🇪", 4), ("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", 2), ("1️⃣", 2), ("#⃣", 2),
        ("❤️", 2), ("☺", 2), ("©", 1), ("©️", 2), ("®", 1), ("™", 2), ("1", 1), ("1\u{FE0F}", 3),
        ("😷\u{FE0F}", 4), ("❤️‍🔥", 2), ("🫠", 2), ("a\u{200D}b", 3),
    ])
    func emojiSequencesCountAsTwo(_ text: String, _ weight: Int) {
        #expect(Self.length(text) == weight)
        #expect(TwitterText.parse(text, configuration: .v2).weightedLength == text.unicodeScalars.reduce(0) {
            $0 + TwitterTextConfiguration.v2.weight(of: $1) / 100
        })
    }

    @Test func invalidCharactersMakeAShortTextInvalid() {
        for invalid in ["\u{FFFE}", "\u{FEFF}", "\u{FFFF}"] {
            let result = TwitterText.parse("hello" + invalid)
            #expect(result.weightedLength == 7)
            #expect(!result.isValid)
            #expect(result.hasInvalidCharacters)
            let measure = TextLength.measurement(of: "hello" + invalid, network: .x)
            #expect(measure.ok)
            #expect(!measure.isValid)
            #expect(measure.problem == .invalidCharacters)
        }
    }

    @Test func textIsNormalizedFirst() {
        // 280 "e" + combining acute are 560 code points but 280 characters in NFC.
        let decomposed = String(repeating: "e\u{301}", count: 280)
        #expect(TwitterText.parse(decomposed).isValid)
        #expect(TwitterText.parse(decomposed).weightedLength == 280)
    }

    /// Where twitter-text's Java and JavaScript grammars differ, X's servers run the Java one.
    @Test(arguments: [
        ("go t.co?x=1 now", ["t.co?x=1"]), // without protocol, the query counts too
        ("see http://日本.com", ["http://日本.com"]), // one label in any script after a protocol
        ("see 日本.com", []), // but not without one
        ("see http://www.日本.com", []), // nor with more labels
        ("see http://پاکستانexample.com", []), // nor mixing right-to-left and left-to-right letters
        ("see https://。example.com", []), // an ideographic full stop separates labels: an empty one
        ("_日本語x.com日本語", ["x.com"]), // an ASCII host right after other words
    ])
    func javaGrammar(_ text: String, _ urls: [String]) {
        #expect(TwitterText.extractURLs(text).map(\.url) == urls)
    }

    @Test func urlOffsetsAreUTF16() {
        let found = TwitterText.extractURLs("😷 see http://example.com/ok.")
        #expect(found == [TwitterURLEntity(url: "http://example.com/ok", range: 7..<28)])
    }

    /// The fast path that skips normalization: every scalar it lets through is NFC on its own and has combining
    /// class 0, by the runtime's Unicode data.
    @Test func normalizationInertScalarsAreStable() {
        var checked = 0
        for value in UInt32(0)...0xE007F {
            guard let scalar = Unicode.Scalar(value), TwitterText.isNormalizationInert(scalar),
                  scalar.properties.generalCategory != .unassigned
            else { continue }
            checked += 1
            let text = String(scalar)
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(value, radix: 16))")
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars))
        }
        #expect(checked > 40_000)
    }

    /// The fast path that skips emoji property lookups for common scripts agrees with the runtime's Unicode data.
    @Test func mayBeEmojiNeverMissesAnEmoji() {
        for value in UInt32(0)...0x1FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isEmoji else { continue }
            let keycapBase = scalar == "#" || scalar == "*" || ("0"..."9").contains(scalar)
            #expect(keycapBase || TwitterEmoji.mayBeEmoji(scalar), "U+\(String(value, radix: 16))")
        }
    }

    @Test func blankTextIsInvalid() {
        #expect(!TwitterText.parse("").isValid)
        #expect(!TwitterText.parse("  \n").isValid)
        #expect(TwitterText.parse(".").isValid)
    }

    @Test func longTextsScanInLinearTime() {
        // Dotted text without a TLD is the worst case for a backtracking regex.
        let dotted = String(repeating: "a.", count: 32_768)
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(Self.length(dotted) == 65_536) }
        #expect(elapsed < .seconds(2))
    }

    /// A post measures in microseconds in a release build (about 10 µs for this one). The bound here only guards
    /// against a pathological regression, such as compiling a regex per call, in a debug build on a busy machine.
    @Test func measuringAPostIsFast() {
        let post = "Big news from the show floor! 🎉 Our team just launched the new release: "
            + "https://example.com/launch/2027?utm_source=x — details at example.org/blog. "
            + "Thanks @everyone who came by booth 42 #launch #team 日本語も少し。"
            + String(repeating: "More text to reach the limit. ", count: 4)
        let clock = ContinuousClock()
        var total = 0
        let elapsed = clock.measure {
            for _ in 0..<1000 { total += TextLength.measure(post, network: .x) }
        }
        #expect(total > 0)
        #expect(elapsed / 1000 < .milliseconds(5))
    }
}
