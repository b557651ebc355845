import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

/// `[policy]`, its files and the per-account policy keys, with FILE:LINE errors.
@Suite("[policy] and per-account policy keys")
struct PolicyConfigTests {
    /// A fresh directory holding a `policy/` directory with small word lists, and the config path beside it.
    struct Setup {
        let root: String
        var config: String { root + "/herald.toml" }
        var policy: String { root + "/policy" }

        init(lists: [String: String] = ["en": "shit\nfuck*\n", "fr": "merde\n", "nb": "faen\n"]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-policy-\(UUID())").path
            try FileManager.default.createDirectory(atPath: root + "/policy", withIntermediateDirectories: true)
            for (language, text) in lists {
                try text.write(toFile: root + "/policy/profanity-\(language).txt", atomically: true, encoding: .utf8)
            }
        }

        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: policy + "/" + name, atomically: true, encoding: .utf8)
        }

        func parse(_ text: String) throws -> ConfigDocument { try ConfigLoader.parseDocument(text, path: config) }

        func failure(_ text: String) -> String {
            do {
                _ = try parse(text)
                return "no error"
            } catch {
                return "\(error)"
            }
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    static let accounts = """
        [[accounts]]
        name = "brand"
        submitters = ["alice", "@social"]
        approvers = ["@leads"]
        support_account = "help"
        policy = { profanity = "hold", voice = "off" }

        [[accounts]]
        name = "help"
        voice = "personal"

        """

    @Test("a full [policy]: settings, handles, terms, lists; per-account keys")
    func full() throws {
        let setup = try Setup()
        defer { setup.remove() }
        try setup.write("terms.txt", "Bluebird\nProject Nightjar | 2027-01-15T09:00:00Z\n")
        let document = try setup.parse(Self.accounts + """
            [policy]
            languages = ["en", "fr", "nb"]
            terms = "terms.txt"
            confidential = "hold"
            embargo = "hold"
            voice = { brand = "hold" }
            support = { brand = "warn", personal = "off" }
            never_reply_to = ["@troll", "@hater@mastodon.social"]
            never_reply_to_action = "warn"
            """)
        let policy = document.configuration.policy
        #expect(policy.settings == [.confidential: .hold, .embargo: .hold, .neverReplyTo: .warn])
        #expect(policy.voiceSettings == [.brand: [.voice: .hold, .support: .warn], .personal: [.support: .off]])
        #expect(policy.neverReplyTo == ["@troll", "@hater@mastodon.social"])
        #expect(policy.terms.map(\.term) == ["Bluebird", "Project Nightjar"])
        #expect(policy.terms[1].until == RFC3339.date(from: "2027-01-15T09:00:00Z"))
        #expect(Set(policy.profanity.keys) == ["en", "fr", "nb"])
        // The file's two words are both built in: the list is the built-in one, and the file added none.
        let english = try #require(policy.profanity["en"])
        #expect(english.entries.map(\.word) == ProfanityList.builtIn["en"]?.entries.map(\.word))
        #expect(english.sources == [.builtIn(entries: english.entries.count),
                                    .file(path: setup.policy + "/profanity-en.txt", entries: 0)])

        let brand = try #require(document.configuration.account(named: "brand"))
        #expect(brand.submitters == ["alice", "@social"])
        #expect(brand.approvers == ["@leads"])
        #expect(brand.supportAccount == "help")
        #expect(policy.supportAccounts == ["help"])
        #expect(brand.policy == [.profanity: .hold, .voice: .off])
        let help = try #require(document.configuration.account(named: "help"))
        #expect(help.submitters == nil && help.approvers.isEmpty && help.supportAccount == nil)
        #expect(policy.setting(for: .profanity, account: brand) == .hold)
        #expect(policy.setting(for: .profanity, account: help) == .warn, "personal default")
        #expect(policy.setting(for: .confidential, account: help) == .hold, "[policy] over the default")
        #expect(policy.setting(for: .voice, account: help) == .off, "voice is for brand accounts")
        #expect(policy.setting(for: .support, account: help) == .off, "per voice")
        #expect(policy.setting(for: .support, account: brand) == .warn, "per voice")
        #expect(policy.setting(for: .voice, account: brand) == .off, "the account's own setting first")
    }

    @Test("without [policy], the lists beside the config add to the built-in ones; without a directory, built in")
    func defaults() throws {
        let setup = try Setup(lists: ["en": "frack\n"])
        defer { setup.remove() }
        let withLists = try setup.parse("[[accounts]]\nname = \"a\"\n").configuration.policy
        #expect(Set(withLists.profanity.keys) == ["en", "fr", "nb"])
        #expect(withLists.settings.isEmpty && withLists.terms.isEmpty && withLists.neverReplyTo.isEmpty)
        let builtInCount = try #require(ProfanityList.builtIn["en"]).entries.count
        #expect(withLists.profanity["en"]?.entries.count == builtInCount + 1)
        #expect(withLists.profanity["en"]?.entries.last?.word == "frack")
        #expect(withLists.profanity["fr"] == PolicyConfiguration.builtIn.profanity["fr"], "no file: built in alone")
        let bare = try ConfigLoader.parse("[[accounts]]\nname = \"a\"\n", path: setup.root + "/nowhere/h.toml")
        #expect(bare.policy == PolicyConfiguration.builtIn)
        #expect(bare.policy.profanity.keys.sorted() == ["en", "fr", "nb"])
        #expect(bare.policy.profanity.values.allSatisfy { $0.entries.count >= 20 })
    }

    @Test("replace_builtin: the file is the whole list; it must exist and hold words")
    func replaceBuiltIn() throws {
        let setup = try Setup(lists: ["en": "frack\ngorram\n", "fr": "# nothing yet\n"])
        defer { setup.remove() }
        let account = "[[accounts]]\nname = \"a\"\n"
        let policy = try setup.parse(account + "[policy]\nreplace_builtin = [\"en\"]\n").configuration.policy
        #expect(policy.profanity["en"]?.entries.map(\.word) == ["frack", "gorram"])
        #expect(policy.profanity["en"]?.sources == [.file(path: setup.policy + "/profanity-en.txt", entries: 2)])
        #expect(policy.profanity["nb"] == PolicyConfiguration.builtIn.profanity["nb"])
        #expect(setup.failure(account + "[policy]\nreplace_builtin = [\"nb\"]\n")
            == "\(setup.config):4: policy: replace_builtin: \(setup.policy)/profanity-nb.txt does not exist: it is "
            + "the list that replaces the built-in \"nb\" list")
        #expect(setup.failure(account + "[policy]\nreplace_builtin = [\"fr\"]\n")
            == "\(setup.policy)/profanity-fr.txt: word list: no words: every line is blank or a comment")
        #expect(setup.failure(account + "[policy]\nreplace_builtin = [\"de\"]\n")
            == "\(setup.config):4: policy: replace_builtin: Herald has no built-in list for \"de\" (it has en, fr, nb)")
        #expect(setup.failure(account + "[policy]\nlanguages = [\"en\"]\nreplace_builtin = [\"fr\"]\n")
            == "\(setup.config):5: policy: replace_builtin: \"fr\" is not in languages")
    }

    @Test("fail closed: a language or an account language without a list, rules set with nothing to match")
    func failClosed() throws {
        let setup = try Setup(lists: [:])
        defer { setup.remove() }
        let account = "[[accounts]]\nname = \"a\"\n"
        #expect(setup.failure(account + "[policy]\nlanguages = [\n  \"en\",\n  \"de\",\n]\n")
            == "\(setup.config):6: policy: languages: no word list for \"de\": Herald has en, fr, nb built in; add "
            + "\(setup.policy)/profanity-de.txt")
        try setup.write("profanity-de.txt", "scheisse\n")
        let german = try setup.parse(account + "[policy]\nlanguages = [\"en\", \"de\"]\n").configuration.policy
        #expect(german.profanity.keys.sorted() == ["de", "en"], "English always, fr and nb only when listed")
        #expect(german.profanity["de"]?.sources == [.file(path: setup.policy + "/profanity-de.txt", entries: 1)])

        let spanish = "[[accounts]]\nname = \"a\"\nlanguage = \"es\"\n"
        #expect(setup.failure(spanish)
            == "\(setup.config):3: accounts[1] (a): language: profanity is reject on this account but there is no "
            + "word list for \"es\" (lists: en, fr, nb): add \"es\" to [policy] languages, or set policy = "
            + "{ profanity = \"off\" } on the account")
        #expect(setup.failure(spanish + "policy = { profanity = \"off\" }\n") == "no error")
        #expect(setup.failure(spanish + "voice = \"personal\"\n").contains("profanity is warn on this account"))

        #expect(setup.failure(account + "[policy]\nconfidential = \"hold\"\n")
            == "\(setup.config):4: policy: confidential: is set, but there are no confidential terms ([policy] terms "
            + "names no file): the rule has nothing to match")
        #expect(setup.failure(account + "[policy]\nembargo = { brand = \"hold\" }\n").hasPrefix(
            "\(setup.config):4: policy: embargo: is set, but there are no confidential terms"))
        #expect(setup.failure(account + "[policy]\nnever_reply_to_action = \"warn\"\n")
            == "\(setup.config):4: policy: never_reply_to_action: is set, but never_reply_to lists no handles: the "
            + "rule has nothing to match")
        #expect(setup.failure(account + "policy = { never_reply_to = \"hold\" }\n")
            == "\(setup.config):3: accounts[1] (a): policy: never_reply_to is set, but never_reply_to lists no "
            + "handles: the rule has nothing to match")
        #expect(setup.failure(account + "[policy]\nconfidential = \"off\"\nnever_reply_to_action = \"off\"\n")
            == "no error", "switching a rule off needs nothing")
        try setup.write("terms.txt", "# Bluebird\n\n")
        let emptyTerms = try setup.parse(account + "[policy]\nterms = \"terms.txt\"\n").configuration.policy
        // (profanity-de.txt, written above, is not read without "de" in languages: a warning of its own.)
        #expect(emptyTerms.warnings.last == "\(setup.policy)/terms.txt: no confidential terms (every line is blank or "
            + "a comment): the confidential and embargo rules have nothing to match")
        let named = try setup.parse(account + "[policy]\nterms = \"terms.txt\"\nconfidential = \"hold\"\n")
        #expect(named.configuration.policy.warnings == emptyTerms.warnings, "named but empty: the same warning")
    }

    @Test("directory may be absolute or relative to the config file; languages chooses the lists")
    func directory() throws {
        let setup = try Setup(lists: [:])
        defer { setup.remove() }
        try FileManager.default.createDirectory(atPath: setup.root + "/lists", withIntermediateDirectories: true)
        try "merde\n".write(toFile: setup.root + "/lists/profanity-fr.txt", atomically: true, encoding: .utf8)
        for directory in ["lists", setup.root + "/lists"] {
            let text = "[[accounts]]\nname = \"a\"\n[policy]\ndirectory = \"\(directory)\"\nlanguages = [\"fr-CA\"]\n"
            let policy = try setup.parse(text).configuration.policy
            #expect(policy.profanity.keys.sorted() == ["en", "fr"], "English is always loaded")
            // Read from the right directory; "merde" is built in already, so it adds nothing.
            #expect(policy.profanity["fr"]?.sources.last == .file(path: setup.root + "/lists/profanity-fr.txt",
                                                                   entries: 0))
        }
    }

    @Test("policy file problems name the file (and the line)")
    func fileErrors() throws {
        let setup = try Setup(lists: ["en": "shit\n", "fr": "merde\ntwo words\n"])
        defer { setup.remove() }
        let account = "[[accounts]]\nname = \"a\"\n"
        #expect(setup.failure(account + "[policy]\nlanguages = [\"en\"]\n") == "no error")
        #expect(setup.failure(account + "[policy]\nlanguages = [\"en\", \"nb\"]\n") == "no error",
                "a missing file leaves the built-in list")
        #expect(setup.failure(account + "[policy]\nlanguages = [\"fr\"]\n")
            == "\(setup.policy)/profanity-fr.txt:2: word list: \"two words\": one word per line")
        try setup.write("terms.txt", "Bluebird\n\nNightjar | next week\n")
        #expect(setup.failure(account + "[policy]\nlanguages = [\"en\"]\nterms = \"terms.txt\"\n")
            == "\(setup.policy)/terms.txt:3: terms: until: \"next week\" is not an RFC 3339 instant such as "
            + "2027-01-15T09:00:00Z")
        #expect(setup.failure(account + "[policy]\nlanguages = [\"en\"]\nterms = \"missing.txt\"\n")
            == "\(setup.policy)/missing.txt: cannot read: No such file or directory")
        #expect(setup.failure(account + "\n[policy]\ndirectory = \"elsewhere\"\n")
            == "\(setup.config):5: policy: directory: \(setup.root)/elsewhere is not a directory")
    }

    @Test("bad values are refused at their line", arguments: [
        ("[policy]\nprofanity = \"block\"\n",
         ":8: policy: profanity: must be reject, hold, warn or off, not \"block\""),
        ("[policy]\nprofanty = \"warn\"\n", ":8: policy: unknown key \"profanty\" (did you mean \"profanity\"?)"),
        ("[policy]\nnever_reply_to = [\"@ok\", \"not a handle\"]\n",
         ":8: policy: never_reply_to: \"not a handle\" is not a handle such as \"@troll\" or "
            + "\"@troll@mastodon.social\""),
        ("[policy]\nlanguages = [\"en\", \"??\"]\n", ":8: policy: bad language tag \"??\""),
        ("[policy]\nprofanity = { brand = \"reject\", robot = \"off\" }\n", ":8: policy: unknown key \"robot\""),
        ("[policy]\nprofanity = { personal = \"ban\" }\n",
         ":8: policy: profanity.personal: must be reject, hold, warn or off, not \"ban\""),
        ("[policy]\nvoice = 3\n", ":8: policy: voice: must be reject, hold, warn or off, not an integer"),
    ])
    func badValues(text: String, expected: String) throws {
        let setup = try Setup()
        defer { setup.remove() }
        let config = "[[accounts]]\nname = \"a\"\n[[accounts]]\nname = \"b\"\n\n\n" + text
        let failure = setup.failure(config)
        #expect(failure.hasPrefix(setup.config + expected), "\(failure)")
    }

    @Test("bad per-account keys are refused at their line", arguments: [
        ("support_account = \"nobody\"", ":3: accounts[1] (a): support_account \"nobody\" is not a configured account"),
        ("support_account = \"a\"",
         ":3: accounts[1] (a): support_account: must name another account, not \"a\" itself"),
        ("submitters = [\"alice\", \"bad user\"]",
         ":3: accounts[1] (a): submitters: \"bad user\" is not a user name or @group"),
        ("approvers = [\"@\"]", ":3: accounts[1] (a): approvers: \"@\" is not a user name or @group"),
        ("policy = { profanity = \"maybe\" }",
         ":3: accounts[1] (a) policy: profanity: must be reject, hold, warn or off, not \"maybe\""),
        ("policy = { swearing = \"warn\" }", ":3: accounts[1] (a) policy: unknown key \"swearing\""),
    ])
    func badAccountKeys(line: String, expected: String) throws {
        let setup = try Setup()
        defer { setup.remove() }
        let failure = setup.failure("[[accounts]]\nname = \"a\"\n\(line)\n[[accounts]]\nname = \"b\"\n")
        #expect(failure.hasPrefix(setup.config + expected), "\(failure)")
    }

    @Test("the sample configuration ships and loads the en, fr and nb lists")
    func sample() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("etc/herald/herald.toml").path
        let policy = try ConfigLoader.load(path: path).policy
        #expect(Set(policy.profanity.keys) == ["en", "fr", "nb"])
        #expect(policy.profanity.values.allSatisfy { $0.entries.count >= 20 })
    }

    @Test("a list file no loaded language reads is a warning; a dangling link is an error, not an absent file")
    func unreadListFiles() throws {
        let setup = try Setup(lists: ["no": "faan\n", "EN": "frack\n", "de": "scheisse\n"])
        defer { setup.remove() }
        let policy = try setup.parse("[[accounts]]\nname = \"a\"\n").configuration.policy
        #expect(policy.warnings == [
            "\(setup.policy)/profanity-EN.txt: not read: \"EN\" is not a loaded language (en, fr, nb); name it "
                + "profanity-en.txt",
            "\(setup.policy)/profanity-de.txt: not read: \"de\" is not a loaded language (en, fr, nb); add \"de\" to "
                + "[policy] languages",
            "\(setup.policy)/profanity-no.txt: not read: \"no\" is not a loaded language (en, fr, nb); name it "
                + "profanity-nb.txt",
        ])
        try FileManager.default.createSymbolicLink(atPath: setup.policy + "/profanity-fr.txt",
                                                   withDestinationPath: setup.root + "/gone.txt")
        #expect(setup.failure("[[accounts]]\nname = \"a\"\n")
            == "\(setup.policy)/profanity-fr.txt: cannot read: No such file or directory")
    }
}
