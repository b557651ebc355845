import Testing
import HeraldCore

@Suite struct LanguageTagTests {
    @Test(arguments: [
        "en", "fr", "nb", "EN", "en-US", "en-us", "zh-Hant-TW", "zh-Hans", "sr-Latn-RS", "es-419", "de-CH-1901",
        "sl-rozaj-biske", "ast", "zh-yue-HK", "en-US-u-ca-gregory", "en-a-bbb-x-a-ccc", "x-private", "i-klingon",
        "en-GB-oed", "haw", "fil-PH", "qaa", "en-x-twain",
    ])
    func wellFormed(_ tag: String) {
        #expect(LanguageTag.isWellFormed(tag))
    }

    @Test(arguments: [
        "", "e", "english", "norsk", "english-language", "en_US", "en-", "-en", "en--US", "en-US-", "123",
        "en-U", "en-u", "en-x", "x", "de-1901-1901", "en-a-bbb-a-ccc", "fr FR", "ünglish", "toolongtag",
        "en-abcdefghi", "zh-Hant-TW-u",
    ])
    func malformed(_ tag: String) {
        #expect(!LanguageTag.isWellFormed(tag))
    }
}
