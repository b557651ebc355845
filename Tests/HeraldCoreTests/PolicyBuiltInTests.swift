import Foundation
import HeraldCore
import Testing

/// Issue 11: the word lists compiled into Herald, how a policy directory's lists add to them, the warning for a
/// post in a language without a list, and the summary `herald check-config` prints.
@Suite("Built-in word lists")
struct PolicyBuiltInTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("en, fr and nb are built in, parse, and carry their source")
    func builtIn() throws {
        #expect(ProfanityList.builtInLanguages == ["en", "fr", "nb"])
        #expect(ProfanityList.builtIn.keys.sorted() == ["en", "fr", "nb"])
        for (language, text) in ProfanityList.builtInText {
            let parsed = try ProfanityList.parse(text, language: language)
            #expect(parsed.entries.count >= 20, "\(language)")
            #expect(ProfanityList.builtIn[language]?.entries == parsed.entries)
        }
        #expect(ProfanityList.builtIn["en"]?.entries.count == 46)
        #expect(ProfanityList.builtIn["fr"]?.entries.count == 33)
        #expect(ProfanityList.builtIn["nb"]?.entries.count == 23)
        let policy = PolicyConfiguration.builtIn
        for language in ["en", "fr", "nb"] {
            let list = try #require(policy.profanity[language])
            #expect(list.sources == [.builtIn(entries: list.entries.count)])
        }
    }

    @Test("the installed policy/profanity-*.txt are templates for additions: no words of their own")
    func templatesAreEmpty() throws {
        for language in ["en", "fr", "nb"] {
            let path = Self.repository.appendingPathComponent("etc/herald/policy/profanity-\(language).txt").path
            let list = try ProfanityList.parse(try String(contentsOfFile: path, encoding: .utf8), language: language)
            #expect(list.entries.isEmpty, "\(path) must not repeat the built-in words")
        }
    }

    @Test("adding: new words follow, duplicates (same folded word and stem flag) are dropped, sources kept")
    func adding() throws {
        let base = try ProfanityList.parse("shit\nfuck*\n", language: "en").asBuiltIn()
        let extra = try ProfanityList.parse("Shit\nfuck\nfrack*\n", language: "en")
            .asFile("/p/profanity-en.txt")
        let merged = base.adding(extra)
        #expect(merged.entries.map(\.word) == ["shit", "fuck*", "fuck", "frack*"])
        // The file is credited with the two words it added, so the counts add up to the list's size.
        #expect(merged.sources == [.builtIn(entries: 2), .file(path: "/p/profanity-en.txt", entries: 2)])
        #expect(merged.sources.map(\.description) == ["built in (2)", "/p/profanity-en.txt (2)"])
    }

    @Test("the Chrysler text and the README's obfuscations are rejected with the built-in lists alone",
          arguments: [
              ("en", "Nobody here knows how to f**king drive", "f**king"),
              ("en", "sh1t happens", "sh1t"), ("en", "$hit happens", "$hit"), ("en", "sh!t happens", "sh!t"),
              ("en", "what an @sshole", "@sshole"), ("en", "oh shi+", "shi+"), ("en", "f*ck", "f*ck"),
              ("en", "f#ck", "f#ck"), ("en", "fuuuck", "fuuuck"), ("en", "f.u.c.k", "f.u.c.k"),
              ("en", "f. u. c. k", "f. u. c. k"), ("en", "ｆｕｃｋ", "ｆｕｃｋ"), ("en", "fu\u{200B}ck", "fu\u{200B}ck"),
              ("fr", "Personne ici ne sait conduire, p*tain", "p*tain"), ("fr", "quel bordel", "bordel"),
              ("nb", "Ingen her kan kjøre bil, f.a.e.n", "f.a.e.n"), ("nb", "for en drittsekk", "drittsekk"),
          ])
    func chrysler(language: String, text: String, matched: String) throws {
        let engine = PolicyEngine(policy: .builtIn)
        let hits = try PolicyFixtures.hits(text, engine: engine, language: language)
        #expect(hits.filter { $0.rule == .profanity }.map(\.matched) == [matched], "\(hits)")
        #expect(hits.first { $0.rule == .profanity }?.action == .reject)
        let personal = try PolicyFixtures.hits(text, engine: engine, account: PolicyFixtures.personal,
                                               language: language)
        #expect(personal.first { $0.rule == .profanity }?.action == .warn)
    }

    @Test("a post in a language without a list: checked against English, with a warning at its Language: line")
    func missingList() throws {
        let engine = PolicyEngine(policy: .builtIn)
        let hits = try PolicyFixtures.hits("Das ist shit", engine: engine, language: "de-AT")
        #expect(hits.map(\.rule) == [.profanity, .profanity], "\(hits)")
        let warning = try #require(hits.first)
        #expect(warning.action == .warn && warning.matched == "de-AT" && warning.line == 1 && warning.column == 11)
        #expect(warning.message == "no profanity word list for language \"de\": checked against English only")
        #expect(hits[1].matched == "shit" && hits[1].action == .reject)
        // With the rule off there is nothing to warn about; with a list there is no warning.
        var off = PolicyConfiguration.builtIn
        off.settings[.profanity] = .off
        #expect(try PolicyFixtures.hits("Das ist gut", engine: PolicyEngine(policy: off), language: "de").isEmpty)
        #expect(try PolicyFixtures.hits("C'est bien", engine: engine, language: "fr").isEmpty)
    }

    @Test("the summary: lists with sizes and sources, terms, handles, each account's settings")
    func summary() throws {
        var policy = PolicyConfiguration.builtIn
        policy.profanity["en"] = try #require(policy.profanity["en"]).adding(
            try ProfanityList.parse("frack\n", language: "en").asFile("/p/profanity-en.txt"))
        policy.terms = try ConfidentialTerm.parseFile("Bluebird\nNightjar | 2027-01-15T09:00:00Z\n")
        policy.termsFile = "/p/terms.txt"
        policy.neverReplyTo = ["@troll"]
        let lines = policy.summary(accounts: [PolicyFixtures.brand, PolicyFixtures.personal])
        #expect(lines == [
            "profanity en: 47 words: built in (46) + /p/profanity-en.txt (1)",
            "profanity fr: 33 words: built in (33)",
            "profanity nb: 23 words: built in (23)",
            "confidential terms: 2 (1 under embargo) from /p/terms.txt",
            "never reply to: @troll",
            "account brand (brand voice, en): profanity reject, voice warn, confidential reject, embargo warn, "
                + "never_reply_to reject, support reject, submitters reject",
            "account me (personal voice, en): profanity warn, voice off, confidential reject, embargo warn, "
                + "never_reply_to reject, support reject, submitters reject",
        ])
    }

    @Test("accounts with the same voice, language and settings share one summary line")
    func summaryGroupsAlikeAccounts() {
        let accounts = [Account(name: "a", voice: .brand), Account(name: "me", voice: .personal),
                        Account(name: "b", voice: .brand)]
        let lines = PolicyConfiguration.builtIn.summary(accounts: accounts).filter { $0.hasPrefix("account") }
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("accounts a, b (brand voice, en): profanity reject") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("account me (personal voice, en): profanity warn") == true, "\(lines)")
    }
}
