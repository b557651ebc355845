import Foundation
import HeraldCore

/// The profanity word lists and the fail-closed checks of `[policy]` (issue 11).
///
/// Every language of `languages` (default en, fr, nb; English is always loaded, since every post is checked against
/// it) gets Herald's built-in list when it has one, plus the words of `profanity-LANG.txt` in the policy directory
/// when that file exists. `replace_builtin = ["en"]` makes the file replace the built-in list instead; the file must
/// then exist. A language with no list at all is an error: a gate that silently checks nothing is worse than none.
extension ConfigBuilder {
    /// The lists by language key. `directory` is the policy directory when it exists, `shownDirectory` where
    /// errors say a file could be added.
    func readWordLists(
        _ reader: TableReader, directory: String?, shownDirectory: String, warnings: inout [String]
    ) throws(ConfigError) -> [String: ProfanityList] {
        let languages = try reader.strings("languages") ?? Self.defaultPolicyLanguages
        for (index, language) in languages.enumerated() where !LanguageTag.isWellFormed(language) {
            throw reader.error(.badLanguage(language), at: [.key("languages"), .index(index)])
        }
        let keys = languages.map(VoiceRule.key(for:))
        let replaced = try reader.strings("replace_builtin") ?? []
        for (index, language) in replaced.enumerated() {
            let key = VoiceRule.key(for: language)
            let reason: String? = if !LanguageTag.isWellFormed(language) {
                "\"\(language)\" is not a language tag"
            } else if ProfanityList.builtIn[key] == nil {
                "Herald has no built-in list for \"\(key)\" (it has "
                    + ProfanityList.builtInLanguages.joined(separator: ", ") + ")"
            } else if !keys.contains(key), key != "en" {
                "\"\(key)\" is not in languages"
            } else {
                nil
            }
            if let reason {
                throw reader.error(.invalidValue(key: "replace_builtin", reason: reason),
                                   at: [.key("replace_builtin"), .index(index)])
            }
        }
        var lists: [String: ProfanityList] = [:]
        for key in ["en"] + keys where lists[key] == nil {
            let path = shownDirectory + "/profanity-\(key).txt"
            let isReplaced = replaced.map(VoiceRule.key(for:)).contains(key)
            var list = isReplaced ? nil : ProfanityList.builtIn[key]?.asBuiltIn()
            if let directory, Self.isPresent(directory + "/profanity-\(key).txt") {
                let file = try readWordList(directory + "/profanity-\(key).txt", language: key)
                list = list.map { $0.adding(file) } ?? file
            } else if isReplaced {
                let reason = "\(path) does not exist: it is the list that replaces the built-in \"\(key)\" list"
                throw reader.error(.invalidValue(key: "replace_builtin", reason: reason), key: "replace_builtin")
            }
            guard let list else {
                let reason = "no word list for \"\(key)\": Herald has "
                    + ProfanityList.builtInLanguages.joined(separator: ", ") + " built in; add \(path)"
                let index = keys.firstIndex(of: key) ?? 0
                throw reader.error(.invalidValue(key: "languages", reason: reason),
                                   at: [.key("languages"), .index(index)])
            }
            guard !list.entries.isEmpty else {
                throw .invalid(file: path, line: nil, subject: "", problem: .invalidValue(
                    key: "word list", reason: "no words: every line is blank or a comment"))
            }
            lists[key] = list
        }
        if let directory { warnings += Self.unreadLists(in: directory, loaded: lists) }
        return lists
    }

    /// Whether `path` names anything, a dangling symbolic link included (reading one is then an error, not a
    /// file quietly taken as absent).
    static func isPresent(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
            || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// `profanity-*.txt` files of the policy directory that no loaded language reads (`profanity-no.txt` for
    /// `nb`, `profanity-EN.txt`, a language missing from `languages`): the words someone added would be ignored
    /// without a word, so each is a warning.
    static func unreadLists(in directory: String, loaded: [String: ProfanityList]) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap { name in
            guard name.hasPrefix("profanity-"), name.hasSuffix(".txt") else { return nil }
            let key = String(name.dropFirst("profanity-".count).dropLast(".txt".count))
            guard loaded[key] == nil else { return nil }
            let wanted = VoiceRule.key(for: key)
            let remedy = wanted != key && loaded[wanted] != nil
                ? "name it profanity-\(wanted).txt"
                : "add \"\(key)\" to [policy] languages"
            return "\(directory)/\(name): not read: \"\(key)\" is not a loaded language ("
                + loaded.keys.sorted().joined(separator: ", ") + "); \(remedy)"
        }
    }

    /// One `profanity-LANG.txt`, with its path as the source; a bad line is an error naming the file and line.
    private func readWordList(_ path: String, language: String) throws(ConfigError) -> ProfanityList {
        let text = try Self.readPolicyFile(path)
        do {
            return try ProfanityList.parse(text, language: language).asFile(path)
        } catch {
            switch error {
            case let .invalidEntry(line, text, reason):
                throw .invalid(file: path, line: line, subject: "word list",
                               problem: .invalidValue(key: "\"\(text)\"", reason: reason))
            }
        }
    }

    /// Rules that are on with nothing to match are errors: profanity on an account whose language has no list,
    /// and `confidential`, `embargo` or `never_reply_to_action` set explicitly (in `[policy]` or an account's
    /// `policy`) while no terms file is named or no handles are listed. Left at their defaults with nothing
    /// configured, those rules simply have nothing to find.
    func checkRulesHaveMaterial(
        _ policy: PolicyConfiguration, reader: TableReader, accounts: [Account], readers: [TableReader]
    ) throws(ConfigError) {
        for (account, accountReader) in zip(accounts, readers) {
            let setting = policy.setting(for: .profanity, account: account)
            let key = VoiceRule.key(for: account.language)
            guard setting != .off, policy.profanity[key] == nil else { continue }
            let reason = "profanity is \(setting.rawValue) on this account but there is no word list for \"\(key)\" "
                + "(lists: \(policy.profanity.keys.sorted().joined(separator: ", "))): add \"\(key)\" to [policy] "
                + "languages, or set policy = { profanity = \"off\" } on the account"
            throw accountReader.error(.invalidValue(key: "language", reason: reason), key: "language")
        }
        // A named terms file with no terms is a warning of its own (see `readPolicy`).
        let noTerms = "there are no confidential terms ([policy] terms names no file)"
        let empty: [(rule: PolicyRule, isEmpty: Bool, why: String)] = [
            (.confidential, policy.termsFile == nil, noTerms),
            (.embargo, policy.termsFile == nil, noTerms),
            (.neverReplyTo, policy.neverReplyTo.isEmpty, "never_reply_to lists no handles"),
        ]
        for (rule, isEmpty, why) in empty where isEmpty {
            let key = rule == .neverReplyTo ? "never_reply_to_action" : rule.rawValue
            let voices: [Account.Voice] = [.brand, .personal]
            let settings = [policy.settings[rule]] + voices.map { policy.voiceSettings[$0]?[rule] }
            if settings.contains(where: { ($0 ?? .off) != .off }) {
                let reason = "is set, but \(why): the rule has nothing to match"
                throw reader.error(.invalidValue(key: key, reason: reason), key: key)
            }
            for (account, accountReader) in zip(accounts, readers) where (account.policy[rule] ?? .off) != .off {
                let reason = "\(rule.rawValue) is set, but \(why): the rule has nothing to match"
                throw accountReader.error(.invalidValue(key: "policy", reason: reason), key: "policy")
            }
        }
    }
}
