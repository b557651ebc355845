import Foundation
import HeraldCore
import Testing

/// Rule 2: first person singular on brand accounts, in the post's language, outside quoted speech.
@Suite("Policy: brand voice")
struct PolicyVoiceTests {
    let engine: PolicyEngine

    init() throws {
        engine = try PolicyFixtures.engine()
    }

    func voice(_ body: String, language: String? = nil, account: Account = PolicyFixtures.brand) throws -> [String] {
        try PolicyFixtures.hits(body, engine: engine, account: account, language: language)
            .filter { $0.rule == .voice }.map(\.matched)
    }

    @Test("English first person hits, contractions whole", arguments: [
        ("I think we shipped", ["I"]),
        ("I'm proud of the team", ["I'm"]),
        ("I’ve seen it", ["I’ve"]),
        ("I'd say so, I'll be there", ["I'd", "I'll"]),
        ("Tell me more about my favourite and mine", ["me", "my", "mine"]),
        ("i think", ["i"]),
        ("I did it myself", ["I", "myself"]),
    ])
    func english(text: String, matched: [String]) throws {
        #expect(try voice(text) == matched)
    }

    @Test("English without first person singular passes", arguments: [
        "We shipped it", "Our team is proud", "i.e. the usual", "minesweeper",
        "Imagine the myth", "Team IMAX", "Send us a DM", "100 years since World War I", "Part I of our series",
    ])
    func englishInnocent(text: String) throws {
        #expect(try voice(text) == [])
    }

    @Test("quoted speech is exempt", arguments: [
        "Our customer said \"I love it\" and we agree",
        "Our customer said “I love it, it's my favourite” and we agree",
        "She wrote: 'I am happy' — and so are we",
        "‘I am happy,’ she wrote",
        "«I am happy», she wrote",
        "„I am happy“, she wrote",
    ])
    func quoted(text: String) throws {
        #expect(try voice(text) == [])
    }

    @Test("every first-person word hits bare and passes inside every kind of quotes, in each language")
    func quotedProperty() throws {
        let quotes = [("\"", "\""), ("“", "”"), ("«", "»"), ("„", "“"), ("‹", "›"), ("'", "'"), ("‘", "’")]
        for (language, words) in VoiceRule.words {
            for word in words {
                let written = word.hasSuffix("'") ? word + "ai" : word
                #expect(try voice("So \(written) said", language: language).count == 1, "\(language): \(written)")
                for (open, close) in quotes {
                    let quoted = "So \(open)\(written) said\(close) today"
                    #expect(try voice(quoted, language: language) == [], "\(language): \(quoted)")
                }
            }
        }
    }

    @Test("apostrophes are not quotes; an unclosed quote exempts nothing")
    func apostrophes() throws {
        #expect(try voice("the team's view: I'm in") == ["I'm"])
        #expect(try voice("He said \"we won. I am sure") == ["I"])
        #expect(try voice("'Tis the season and I agree") == ["I"])
    }

    @Test("French first person hits, elisions with both apostrophes", arguments: [
        ("Je pense que oui", ["Je"]),
        ("J'adore ce produit", ["J'"]),
        ("J’adore", ["J’"]),
        ("C'est mon équipe, ma ville, mes amis", ["mon", "ma", "mes"]),
        ("Pour moi, il m'a dit", ["moi", "m'"]),
    ])
    func french(text: String, matched: [String]) throws {
        #expect(try voice(text, language: "fr") == matched)
    }

    @Test("French quoted speech and innocent words pass", arguments: [
        "Nous pensons que oui", "« Je l'adore », dit-elle", "“J’adore”, dit-elle", "Jeudi, le monde", "la maison",
        "mesurer les monnaies",
    ])
    func frenchInnocent(text: String) throws {
        #expect(try voice(text, language: "fr") == [])
    }

    @Test("Norwegian first person hits", arguments: [
        ("Jeg tror det", ["Jeg"]),
        ("Gi meg beskjed", ["meg"]),
        ("Det er min bil, mitt hus og mine venner", ["min", "mitt", "mine"]),
    ])
    func norwegian(text: String, matched: [String]) throws {
        #expect(try voice(text, language: "nb") == matched)
    }

    @Test("Norwegian quoted speech and innocent words pass", arguments: [
        "Vi tror det", "«Jeg elsker det», sa hun", "minutter", "meget bra", "jegere",
    ])
    func norwegianInnocent(text: String) throws {
        #expect(try voice(text, language: "nb") == [])
    }

    @Test("only the post's language applies: Norwegian min is English min")
    func languageOnly() throws {
        #expect(try voice("Wait 5 min") == [])
        #expect(try voice("Wait 5 min", language: "nb") == ["min"])
        #expect(try voice("Je pense", language: "en") == [])
        #expect(try voice("I think", language: "fr") == [])
        #expect(try voice("I think", language: "de") == [], "no word set for German: not checked")
    }

    @Test("brand accounts only, warn by default, overridable")
    func brandOnly() throws {
        #expect(try voice("I think so", account: PolicyFixtures.personal) == [])
        let hits = try PolicyFixtures.hits("I think so", engine: engine)
        #expect(hits.map(\.action) == [.warn])
        #expect(hits.first?.message == #"first person "I" on brand account "brand" (en)"#)
        var strict = PolicyFixtures.brand
        strict.policy = [.voice: .hold]
        #expect(try PolicyFixtures.hits("I think so", engine: engine, account: strict).map(\.action) == [.hold])
        strict.policy = [.voice: .off]
        #expect(try voice("I think so", account: strict) == [])
    }
}
