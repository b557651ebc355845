import Foundation
import HeraldCore
import Testing

/// Rules 3 to 6: confidential terms and embargoes, never reply to, support, submitters; and the file formats.
@Suite("Policy: terms, embargoes, replies, support, submitters")
struct PolicyRulesTests {
    static let now = PolicyFixtures.now
    static let later = now.addingTimeInterval(86_400)
    static let earlier = now.addingTimeInterval(-86_400)

    static let terms = [
        ConfidentialTerm(term: "Bluebird"),
        ConfidentialTerm(term: "Project Nightjar", until: later),
        ConfidentialTerm(term: "Kestrel", until: earlier),
    ]

    // MARK: Rule 3

    @Test("a confidential term hits case-insensitively on whole words, multi-word terms too")
    func confidential() throws {
        let engine = try PolicyFixtures.engine(terms: Self.terms)
        let hits = try PolicyFixtures.hits("Soon: BLUEBIRD.\nbluebirds are birds; bluebird-like", engine: engine)
        #expect(hits.map(\.matched) == ["BLUEBIRD", "bluebird"])
        #expect(hits.map(\.rule) == [.confidential, .confidential])
        #expect(hits.map(\.action) == [.reject, .reject])
        #expect(hits.map(\.column) == [7, 22])
        #expect(try PolicyFixtures.hits("a Bluebirdish project", engine: engine) == [])
    }

    @Test("terms match in French and Norwegian posts too, whatever the case and accents")
    func termsInOtherLanguages() throws {
        let terms = [ConfidentialTerm(term: "Ørnen"), ConfidentialTerm(term: "Projet Élan")]
        let engine = try PolicyFixtures.engine(terms: terms)
        let norwegian = try PolicyFixtures.hits("Snart kommer ØRNEN og ørnen!", engine: engine, language: "nb")
        #expect(norwegian.map(\.matched) == ["ØRNEN", "ørnen"])
        let french = try PolicyFixtures.hits("Le projet élan, puis le PROJET ELAN", engine: engine, language: "fr")
        #expect(french.map(\.matched) == ["projet élan", "PROJET ELAN"])
        #expect(try PolicyFixtures.hits("Ørnenes rede; élancé", engine: engine, language: "nb") == [])
    }

    @Test("an embargoed term schedules the post no earlier than its end; a past one no longer hits")
    func embargo() throws {
        let engine = try PolicyFixtures.engine(terms: Self.terms)
        let file = try PolicyFixtures.post("Meet project\nnightjar and Kestrel")
        let verdict = engine.evaluate(file, account: PolicyFixtures.brand, now: Self.now)
        #expect(verdict.hits.map(\.rule) == [.embargo])
        #expect(verdict.hits.first?.matched == "project\nnightjar")
        #expect(verdict.hits.first?.action == .warn)
        #expect(verdict.action == .warn)
        #expect(verdict.notBefore == Self.later)
        let after = engine.evaluate(file, account: PolicyFixtures.brand, now: Self.later.addingTimeInterval(1))
        #expect(after.hits == [] && after.notBefore == nil)
    }

    @Test("the latest embargo wins when several terms are embargoed")
    func latestEmbargo() throws {
        let latest = Self.later.addingTimeInterval(3600)
        let engine = try PolicyFixtures.engine(terms: Self.terms + [ConfidentialTerm(term: "Osprey", until: latest)])
        let verdict = engine.evaluate(try PolicyFixtures.post("Osprey and Project Nightjar"),
                                      account: PolicyFixtures.brand, now: Self.now)
        #expect(verdict.notBefore == latest)
        #expect(verdict.hits.count == 2)
    }

    @Test("At: or Not-After: before the embargo's end rejects, saying so")
    func embargoConflict() throws {
        let engine = try PolicyFixtures.engine(terms: Self.terms)
        for header in ["At: \(RFC3339.string(from: Self.now.addingTimeInterval(60)))",
                       "Not-After: \(RFC3339.string(from: Self.now.addingTimeInterval(60)))"] {
            let file = try PolicyFixtures.post("Project Nightjar", headers: [header])
            let verdict = engine.evaluate(file, account: PolicyFixtures.brand, now: Self.now)
            #expect(verdict.action == .reject, "\(header)")
            let message = try #require(verdict.hits.first?.message)
            #expect(message.contains("embargo") && message.contains("earlier"), "\(message)")
        }
        let fine = try PolicyFixtures.post("Project Nightjar",
                                           headers: ["At: \(RFC3339.string(from: Self.later.addingTimeInterval(60)))"])
        #expect(engine.evaluate(fine, account: PolicyFixtures.brand, now: Self.now).action == .warn)
    }

    @Test("the terms file: terms, optional embargo ends, comments; bad instants name their line")
    func termsFile() throws {
        let text = "# codenames\nBluebird\n\n  Project Nightjar | 2027-01-15T09:00:00Z  \n"
        let terms = try ConfidentialTerm.parseFile(text)
        #expect(terms == [
            ConfidentialTerm(term: "Bluebird", line: 2),
            ConfidentialTerm(term: "Project Nightjar", until: RFC3339.date(from: "2027-01-15T09:00:00Z"), line: 4),
        ])
        #expect(throws: ConfidentialTermError.invalidUntil(line: 2, value: "tomorrow")) {
            try ConfidentialTerm.parseFile("ok\nBad | tomorrow\n")
        }
        #expect(throws: ConfidentialTermError.emptyTerm(line: 1)) {
            try ConfidentialTerm.parseFile(" | 2027-01-15T09:00:00Z")
        }
    }

    // MARK: Rule 4

    @Test("mentions of a never-reply-to handle hit; longer handles and e-mail addresses do not")
    func mentions() throws {
        let engine = try PolicyFixtures.engine(neverReplyTo: ["@troll", "@hater@mastodon.social"])
        let body = "cc @Troll, @trollhunter, troll@example.com, @hater@mastodon.social. and @hater@other.example"
        let hits = try PolicyFixtures.hits(body, engine: engine)
        #expect(hits.map(\.matched) == ["@Troll", "@hater@mastodon.social"])
        #expect(hits.map(\.rule) == [.neverReplyTo, .neverReplyTo])
        #expect(hits.map(\.action) == [.reject, .reject])
        #expect(hits.map(\.column) == [4, 45])
    }

    @Test("In-Reply-To naming a never-reply-to handle hits, as a handle or a status URL", arguments: [
        ("@troll", true), ("@troll@mastodon.social", true), ("https://mastodon.social/@troll/11223344", true),
        ("https://x.com/troll/status/123", true), ("https://bsky.app/profile/troll/post/3k", true),
        ("https://mastodon.social/@trollhunter/1", false), ("https://x.com/friend/status/1", false),
        ("1234567890", false), ("https://other.example/@hater/5", false), ("https://mastodon.social/@hater/5", true),
    ])
    func inReplyTo(value: String, hits expected: Bool) throws {
        let engine = try PolicyFixtures.engine(neverReplyTo: ["@troll", "@hater@mastodon.social"])
        let hits = try PolicyFixtures.hits("thanks", engine: engine, headers: ["In-Reply-To: \(value)"])
        #expect(hits.contains { $0.rule == .neverReplyTo } == expected, "\(hits)")
        if expected {
            #expect(hits.first?.line == 1 && hits.first?.column == 14)
            #expect(hits.first?.matched == value)
        }
    }

    // MARK: Rule 5

    @Test("support posts move to the support account; without one a brand account rejects, a personal one passes")
    func support() throws {
        let engine = try PolicyFixtures.engine()
        let file = try PolicyFixtures.post("Sorry about that, we are on it", headers: ["Kind: support"])
        var brand = PolicyFixtures.brand
        brand.supportAccount = "help"
        let moved = engine.evaluate(file, account: brand, now: Self.now)
        #expect(moved.moveTo == "help")
        #expect(moved.hits.map(\.action) == [.warn])
        #expect(moved.hits.first?.message.contains("moved") == true)
        let refused = engine.evaluate(file, account: PolicyFixtures.brand, now: Self.now)
        #expect(refused.moveTo == nil && refused.action == .reject)
        #expect(engine.evaluate(file, account: PolicyFixtures.personal, now: Self.now).hits == [])
        var policy = try PolicyFixtures.policy()
        policy.supportAccounts = ["help"]
        let help = Account(name: "help", voice: .brand)
        #expect(PolicyEngine(policy: policy).evaluate(file, account: help, now: Self.now).hits == [],
                "support posts are at home on a support account")
        let plain = try PolicyFixtures.post("Sorry about that, we are on it")
        #expect(engine.evaluate(plain, account: brand, now: Self.now).hits == [])
    }

    // MARK: Rule 6

    @Test("submitters: anyone without a list; listed users and @group members pass; others are refused by name")
    func submitters() throws {
        let engine = try PolicyFixtures.engine()
        var account = PolicyFixtures.brand
        #expect(engine.checkSubmitter(user: "mallory", groups: [], account: account) == nil)
        account.submitters = ["alice", "@social"]
        #expect(engine.checkSubmitter(user: "alice", groups: [], account: account) == nil)
        #expect(engine.checkSubmitter(user: "bob", groups: ["staff", "social"], account: account) == nil)
        let hit = try #require(engine.checkSubmitter(user: "mallory", groups: ["staff"], account: account))
        #expect(hit.rule == .submitters && hit.action == .reject && hit.matched == "mallory")
        #expect(hit.message.contains("\"mallory\"") && hit.message.contains("\"brand\""), "\(hit.message)")
        #expect(engine.checkSubmitter(user: "social", groups: [], account: account) != nil,
                "a user named like a group is not the group")
        account.submitters = []
        #expect(engine.checkSubmitter(user: "alice", groups: [], account: account) != nil, "an empty list is nobody")
    }

    // MARK: Verdicts and lists

    @Test("the verdict's action is the strongest hit's, hits in text order")
    func strongest() throws {
        let engine = try PolicyFixtures.engine(terms: Self.terms, neverReplyTo: ["@troll"])
        let verdict = engine.evaluate(try PolicyFixtures.post("I say shit to @troll about Bluebird"),
                                      account: PolicyFixtures.brand, now: Self.now)
        #expect(verdict.hits.map(\.rule) == [.voice, .profanity, .neverReplyTo, .confidential])
        #expect(verdict.action == .reject)
        #expect(PolicyVerdict(hits: []).action == nil)
        #expect(PolicyAction.allCases.sorted() == [.warn, .hold, .reject])
    }

    @Test("word list files: comments, stems, folding; a bad line is refused with its number")
    func listFile() throws {
        let list = try ProfanityList.parse("# a comment\n\nDamn  # mild\nfuck*\nEnculé\n", language: "en")
        #expect(list.entries.map(\.normalized) == ["damn", "fuck", "encule"])
        #expect(list.entries.map(\.isStem) == [false, true, false])
        #expect(list.entries.map(\.line) == [3, 4, 5])
        #expect(throws: ProfanityListError.self) { try ProfanityList.parse("ok\ntwo words\n", language: "en") }
        let reason = "a word of letters, optionally ending in *"
        #expect(throws: ProfanityListError.invalidEntry(line: 1, text: "sh1t", reason: reason)) {
            try ProfanityList.parse("sh1t", language: "en")
        }
    }
}
