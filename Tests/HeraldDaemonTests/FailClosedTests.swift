import Foundation
import Testing

/// Issue 11: the policy gate works with any configuration. A config file in a directory with no `policy/` beside
/// it still rejects the Chrysler tweet on a brand account, through heraldd and through `herald check`, in every
/// language Herald has a list for; and a rule with nothing to match stops heraldd instead of passing everything.
@Suite("Fail closed: built-in word lists")
struct FailClosedTests {
    /// The Chrysler tweet and its French and Norwegian counterparts, each with an obfuscated swear word.
    static let chrysler: [(language: String, text: String, matched: String)] = [
        ("en", "Nobody here knows how to f**king drive", "f**king"),
        ("fr", "Personne ici ne sait conduire, p*tain", "p*tain"),
        ("nb", "Ingen her kan kjøre bil, f.a.e.n", "f.a.e.n"),
    ]

    @Test("herald check, with no policy directory: the Chrysler text is rejected in en, fr and nb")
    func check() async throws {
        let h = try DaemonHarness()
        #expect(!FileManager.default.fileExists(atPath: h.path("policy")), "the harness has no policy directory")
        for (language, text, matched) in Self.chrysler {
            let post = h.path("chrysler-\(language).post")
            try h.write(postText(["Account: brand", "Language: \(language)"], text), to: post)
            let result = try await h.cli(["check", "--json", post])
            #expect(result.status == .exited(1), "\(language): \(result)")
            let report = try #require(try result.json.array?.first, "\(result)")
            let hits = try #require(report["policy"]?.array, "\(report)")
            #expect(hits.map { $0["rule"]?.string } == ["profanity"], "\(language): \(hits)")
            #expect(hits.first?["action"] == .string("reject"))
            #expect(hits.first?["matched"] == .string(matched), "\(language): \(hits)")
        }
    }

    @Test("heraldd, with no policy directory: the Chrysler texts are rejected and the journal names the lists")
    func daemon() async throws {
        let h = try DaemonHarness()
        try await h.start()
        for (language, text, _) in Self.chrysler {
            try h.drop("chrysler-\(language).post", postText(["Language: \(language)", "At: now"], text))
        }
        for (language, _, matched) in Self.chrysler {
            let reason = try await h.waitForRejection("chrysler-\(language).post")
            #expect(reason.contains("profanity"), "\(language): \(reason)")
            #expect(reason.contains(matched), "\(language): \(reason)")
        }
        #expect(try h.outbox().isEmpty, "nothing was published")
        let policy = h.lines.filter { $0.message == "policy in force" }.map(\.raw)
        for language in ["en", "fr", "nb"] {
            #expect(policy.contains { $0.contains("profanity \(language): ") && $0.contains("built in (") },
                    "\(language): \(policy)")
        }
        #expect(policy.contains { $0.contains("account brand (brand voice, en): profanity reject") }, "\(policy)")
        try await h.stop()
    }

    @Test("check-config prints the lists in force, their sizes and sources; --words prints one")
    func checkConfig() async throws {
        let h = try DaemonHarness()
        try FileManager.default.createDirectory(atPath: h.path("policy"), withIntermediateDirectories: true)
        try h.write("# ours\nfrack\n", to: h.path("policy/profanity-en.txt"))
        let result = try await h.cli(["check-config"])
        #expect(result.status == .exited(0), "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(h.configPath): ok; accounts: brand (outbox)", "\(result)")
        let english = try #require(lines.first { $0.hasPrefix("policy: profanity en: ") }, "\(result)")
        #expect(english.hasSuffix(" + \(h.path("policy/profanity-en.txt")) (1)"), "\(english)")
        #expect(lines.contains { $0 == "policy: profanity fr: 33 words: built in (33)" }, "\(result)")
        #expect(lines.contains("policy: confidential terms: 0 (no terms file)"), "\(result)")
        #expect(lines.contains("policy: never reply to: none"), "\(result)")

        let words = try await h.cli(["check-config", "--words", "en"])
        #expect(words.status == .exited(0), "\(words)")
        let entries = words.stdout.split(separator: "\n")
        #expect(entries.contains("fuck*") && entries.last == "frack", "\(words)")
        let unknown = try await h.cli(["check-config", "--words", "de"])
        #expect(unknown.status == .exited(1) && unknown.stderr.contains("no word list for \"de\""), "\(unknown)")
    }

    @Test("a post in a language without a list is checked against English and says so")
    func languageWithoutList() async throws {
        let h = try DaemonHarness()
        let post = h.path("german.post")
        try h.write(postText(["Account: brand", "Language: de"], "Wir sind live"), to: post)
        let result = try await h.cli(["check", post])
        #expect(result.status == .exited(0), "\(result)")
        #expect(result.stdout.contains("no profanity word list for language \"de\": checked against English only"),
                "\(result)")
    }

    @Test("a terms file with no terms is a loud warning: check-config, and the journal at warning priority")
    func emptyTermsFile() async throws {
        var config = TestConfig()
        config.extra = "[policy]\nterms = \"terms.txt\"\n"
        let h = try DaemonHarness(config)
        try FileManager.default.createDirectory(atPath: h.path("policy"), withIntermediateDirectories: true)
        try h.write("# Bluebird\n", to: h.path("policy/terms.txt"))
        let warning = "\(h.path("policy/terms.txt")): no confidential terms (every line is blank or a comment): the "
            + "confidential and embargo rules have nothing to match"
        let result = try await h.cli(["check-config"])
        #expect(result.status == .exited(0), "\(result)")
        #expect(result.stdout.contains("policy: warning: \(warning)\n"), "\(result)")
        try await h.start()
        let logged = h.lines.filter { $0.message == "policy warning" }
        #expect(logged.count == 1 && logged.first?.priority == 4, "\(logged)")
        #expect(logged.first?.raw.contains("no confidential terms") == true, "\(logged)")
        try await h.stop()
    }
}
