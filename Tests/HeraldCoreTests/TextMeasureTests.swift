import Testing
import HeraldCore

/// The cross-network measure: what `herald measure`, `herald check` and the #team rule ask.
@Suite struct TextMeasureTests {
    @Test func outboxAndExecCountLikeX() {
        for network in [Network.outbox, .exec] {
            let measure = TextLength.measurement(of: "日本 https://example.com", network: network)
            #expect(measure.network == network)
            #expect(measure.length == 4 + 1 + 23)
            #expect(measure.limit == 280)
        }
    }

    @Test func okIsAboutLimitsAndValidityAlsoAboutCharacters() {
        let measure = TextMeasure(network: .x, length: 10, limit: 280, byteCount: 12, hasInvalidCharacters: true)
        #expect(measure.ok)
        #expect(!measure.isValid)
        let long = TextMeasure(network: .x, length: 281, limit: 280, byteCount: 281)
        #expect(!long.ok && !long.isValid)
        #expect(long.problem?.description == "281 characters, over the limit of 280")
    }

    @Test func byteLimitOnlyWhereTheNetworkHasOne() {
        let text = String(repeating: "👨‍👩‍👧‍👦", count: 130)
        #expect(TextLength.measurement(of: text, network: .mastodon).byteLimit == nil)
        #expect(TextLength.measurement(of: text, network: .mastodon).ok)
        #expect(!TextLength.measurement(of: text, network: .bluesky).ok)
    }

    /// Appending ` #team` is decided on the tagged text itself, on every network.
    @Test(arguments: [
        (Network.x, 274, true), (.x, 275, false), (.mastodon, 494, true), (.mastodon, 495, false),
        (.bluesky, 294, true), (.bluesky, 295, false),
    ])
    func teamTag(_ network: Network, _ length: Int, _ fits: Bool) {
        let text = String(repeating: "a", count: length)
        #expect(TextLength.fits(text, network: network))
        #expect(TextLength.fits(text + " #team", network: network) == fits)
    }
}
