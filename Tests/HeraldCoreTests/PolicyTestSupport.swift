import Foundation
import HeraldCore
import Testing

/// Shared fixtures for the policy tests: the built-in word lists, accounts and post files.
enum PolicyFixtures {
    static func list(_ language: String) throws -> ProfanityList {
        try #require(ProfanityList.builtIn[language], "no built-in list for \(language)")
    }

    /// The built-in lists for en, fr and nb, plus `terms` and `neverReplyTo`.
    static func policy(
        terms: [ConfidentialTerm] = [], neverReplyTo: [String] = [], settings: [PolicyRule: PolicySetting] = [:]
    ) throws -> PolicyConfiguration {
        var lists: [String: ProfanityList] = [:]
        for language in ["en", "fr", "nb"] { lists[language] = try list(language) }
        return PolicyConfiguration(settings: settings, profanity: lists, terms: terms, neverReplyTo: neverReplyTo)
    }

    static func engine(
        terms: [ConfidentialTerm] = [], neverReplyTo: [String] = [], settings: [PolicyRule: PolicySetting] = [:]
    ) throws -> PolicyEngine {
        PolicyEngine(policy: try policy(terms: terms, neverReplyTo: neverReplyTo, settings: settings))
    }

    static let brand = Account(name: "brand", voice: .brand)
    static let personal = Account(name: "me", voice: .personal)
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A post file from header lines and a body, parsed as herald would.
    static func post(_ body: String, headers: [String] = []) throws -> PostFile {
        try PostFile.parse(Array((headers.joined(separator: "\n") + "\n\n" + body + "\n").utf8))
    }

    /// The hits of `body` for `account`, in the post's `language` when given.
    static func hits(
        _ body: String, engine: PolicyEngine, account: Account = brand, language: String? = nil,
        headers: [String] = []
    ) throws -> [PolicyHit] {
        let file = try post(body, headers: headers + (language.map { ["Language: \($0)"] } ?? []))
        return engine.evaluate(file, account: account, now: now).hits
    }

    /// The matched texts of the profanity hits of `body`.
    static func profanity(_ body: String, engine: PolicyEngine, language: String? = nil) throws -> [String] {
        try hits(body, engine: engine, language: language).filter { $0.rule == .profanity }.map(\.matched)
    }
}
