import Foundation
import HeraldCore
import Testing

/// Rule 1 with the shipped word lists: hits, obfuscated hits and near misses per language.
@Suite("Policy: profanity")
struct PolicyProfanityTests {
    let engine: PolicyEngine

    init() throws {
        engine = try PolicyFixtures.engine()
    }

    @Test("plain English swear words hit, with their position and the list entry in the message")
    func plainEnglish() throws {
        let hits = try PolicyFixtures.hits("Great launch.\nNobody here knows how to fucking drive", engine: engine)
        try #require(hits.count == 1)
        #expect(hits[0].rule == .profanity)
        #expect(hits[0].matched == "fucking")
        #expect(hits[0].line == 4 && hits[0].column == 26, "\(hits[0])")
        #expect(hits[0].action == .reject)
        #expect(hits[0].account == "brand")
        #expect(hits[0].message == #"profanity "fucking" (en: fuck*)"#)
    }

    @Test("the content warning is published too: its words are checked, positioned on its header line")
    func contentWarning() throws {
        let hits = try PolicyFixtures.hits("All fine here", engine: engine, headers: ["Content-Warning: shit news"])
        try #require(hits.count == 1, "\(hits)")
        #expect(hits[0].matched == "shit" && hits[0].action == .reject)
        #expect(hits[0].line == 1 && hits[0].column == 18, "\(hits[0])")
    }

    @Test("a post of thousands of single letters is checked in bounded runs and still finds the word at its end")
    func longRunOfSingleLetters() throws {
        let text = String(repeating: "a ", count: 6_000) + "f u c k"
        let hits = try PolicyFixtures.hits(text, engine: engine)
        #expect(hits.map(\.matched) == ["f u c k"])
    }

    @Test("obfuscated English words hit", arguments: [
        ("nobody here knows how to f**king drive", "f**king"),
        ("oh f*ck", "f*ck"),
        ("f#ck this", "f#ck"),
        ("sh!t happens", "sh!t"),
        ("sh1t happens", "sh1t"),
        ("$hit happens", "$hit"),
        ("SHIT happens", "SHIT"),
        ("shiiiit happens", "shiiiit"),
        ("fuuuuck", "fuuuuck"),
        ("what the f.u.c.k", "f.u.c.k"),
        ("what the f u c k", "f u c k"),
        ("s-h-i-t", "s-h-i-t"),
        ("b_i_t_c_h", "b_i_t_c_h"),
        ("shit!!!", "shit"),
        ("#fuck", "fuck"),
        ("*fuck*", "fuck"),
        ("a55hole", "a55hole"),
        ("@sshole", "@sshole"),
        ("bu11shit", "bu11shit"),
        ("Fück", "Fück"),
        ("motherf*cker", "motherf*cker"),
        ("what the f. u. c. k", "f. u. c. k"),
        ("fu\u{200B}ck", "fu\u{200B}ck"),
        ("sh\u{00AD}it", "sh\u{00AD}it"),
        ("fu\u{0441}k", "fu\u{0441}k"),
        ("ｆｕｃｋ", "ｆｕｃｋ"),
        ("shi+", "shi+"),
        ("8itch", "8itch"),
    ])
    func obfuscatedEnglish(text: String, matched: String) throws {
        #expect(try PolicyFixtures.profanity(text, engine: engine) == [matched])
    }

    @Test("innocent words containing a listed one pass (the Scunthorpe problem)", arguments: [
        "Scunthorpe United won", "we assess the class", "the cockpit of a classic plane", "Charles Dickens",
        "a pass from Sussex", "Cockburn and Penistone", "shiitake mushrooms", "the assassin", "a hancock",
        "as I said", "brass and glass", "bass", "cocktail hour", "dickey bird", "scrap metal", "the therapist",
        "Matsushita", "horse", "arsenal", "title", "c# and f# are keys",
        "Skitt", "buttons", "***", "#1 in sales", "2024 was a year", "I 1 0 4 u", "hell no",
    ])
    func innocentEnglish(text: String) throws {
        #expect(try PolicyFixtures.profanity(text, engine: engine) == [])
    }

    @Test("French words hit in French posts, and English ones too", arguments: [
        ("Quelle merde !", ["merde"]),
        ("Putain, c'est beau", ["Putain"]),
        ("quel connard", ["connard"]),
        ("ENCULÉ", ["ENCULÉ"]),
        ("encule", ["encule"]),
        ("ils sont enculés", ["enculés"]),
        ("p.u.t.a.i.n", ["p.u.t.a.i.n"]),
        ("m3rde", ["m3rde"]),
        ("c'est de la shit", ["shit"]),
        ("un bâtard", ["bâtard"]),
        ("un batard", ["batard"]),
    ])
    func french(text: String, matched: [String]) throws {
        #expect(try PolicyFixtures.profanity(text, engine: engine, language: "fr") == matched)
    }

    @Test("innocent French words pass", arguments: [
        "le conseil municipal", "un concours", "la construction", "les consommateurs", "un merlu", "chiffrer",
        "la vitesse", "des pâtes", "un compte", "le connétable", "une putative erreur", "la bitumeuse",
    ])
    func innocentFrench(text: String) throws {
        #expect(try PolicyFixtures.profanity(text, engine: engine, language: "fr") == [])
    }

    @Test("Norwegian words hit in Norwegian posts", arguments: [
        ("Faen, det var kaldt", ["Faen"]),
        ("jævla bra", ["jævla"]),
        ("JÆVLA", ["JÆVLA"]),
        ("f4en", ["f4en"]),
        ("for helvete", ["helvete"]),
        ("din drittsekk", ["drittsekk"]),
    ])
    func norwegian(text: String, matched: [String]) throws {
        #expect(try PolicyFixtures.profanity(text, engine: engine, language: "nb") == matched)
    }

    @Test("innocent Norwegian words pass, even where English lists a similar word", arguments: [
        "til slutt", "Skitt", "en kasse", "klassen", "et dikt", "kokken", "horisonten", "damen", "prikken",
        "en fart på 80", "kukeliku", "piken", "satire", "driftig",
    ])
    func innocentNorwegian(text: String) throws {
        #expect(try PolicyFixtures.profanity(text, engine: engine, language: "nb") == [])
    }

    @Test("only the post's language list and English apply: French words pass in English and Norwegian posts")
    func listsByLanguage() throws {
        #expect(try PolicyFixtures.profanity("merde", engine: engine) == [])
        #expect(try PolicyFixtures.profanity("merde", engine: engine, language: "nb-NO") == [])
        #expect(try PolicyFixtures.profanity("merde", engine: engine, language: "fr-CA") == ["merde"])
        // Without Language:, the account's language decides.
        let french = Account(name: "fr", voice: .brand, language: "fr")
        let hits = try PolicyFixtures.hits("merde", engine: engine, account: french)
        #expect(hits.map(\.matched) == ["merde"])
    }

    @Test("defaults: reject on brand accounts, warn on personal ones; [policy] and per-account settings override")
    func actions() throws {
        let body = "well shit"
        #expect(try PolicyFixtures.hits(body, engine: engine).map(\.action) == [.reject])
        let personal = try PolicyFixtures.hits(body, engine: engine, account: PolicyFixtures.personal)
        #expect(personal.map(\.action) == [.warn])
        let holding = try PolicyFixtures.engine(settings: [.profanity: .hold])
        #expect(try PolicyFixtures.hits(body, engine: holding, account: PolicyFixtures.personal).map(\.action)
            == [.hold])
        var relaxed = PolicyFixtures.brand
        relaxed.policy = [.profanity: .off]
        #expect(try PolicyFixtures.hits(body, engine: holding, account: relaxed) == [])
        let verdict = engine.evaluate(try PolicyFixtures.post(body), account: PolicyFixtures.brand,
                                      now: PolicyFixtures.now)
        #expect(verdict.action == .reject)
    }

    @Test("positions: line and column in Characters across thread parts, part numbers from 0")
    func positions() throws {
        let file = try PolicyFixtures.post("héllo 👋🏽 shit\n---\nsecond part\nand crap")
        let hits = engine.evaluate(file, account: PolicyFixtures.brand, now: PolicyFixtures.now).hits
        #expect(hits.map(\.matched) == ["shit", "crap"])
        #expect(hits.map(\.part) == [0, 1])
        #expect(hits.map(\.line) == [3, 6])
        #expect(hits.map(\.column) == [9, 5])
    }
}
