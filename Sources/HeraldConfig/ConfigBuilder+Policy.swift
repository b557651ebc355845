import Foundation
import HeraldCore

/// `[policy]` and the per-account policy keys (issue 6), typed into `PolicyConfiguration` and `Account` fields.
///
/// Word lists: Herald's built-in lists (en, fr, nb) plus `profanity-LANG.txt` from the policy directory
/// (`directory`, default `policy/` beside the config file), see `readWordLists`. The gate fails closed: a rule that
/// is on with nothing to match (no list for a language) stops the load with FILE:LINE; a terms file with no terms
/// is a warning (`PolicyConfiguration.warnings`).
extension ConfigBuilder {
    static let policyKeys = [
        "directory", "languages", "replace_builtin", "terms", "never_reply_to", "never_reply_to_action",
        "profanity", "voice", "confidential", "embargo", "support", "submitters",
    ]
    static let accountPolicyKeys = ["submitters", "approvers", "support_account", "policy"]
    static let defaultPolicyLanguages = ["en", "fr", "nb"]

    /// The `[policy]` table, its files, and the accounts' `support_account` references.
    func readPolicy(
        _ top: TableReader, accounts: [Account], readers: [TableReader]
    ) throws(ConfigError) -> PolicyConfiguration {
        for (account, reader) in zip(accounts, readers) {
            if let support = account.supportAccount {
                guard accounts.contains(where: { $0.name == support }) else {
                    throw reader.error(.unknownAccount(key: "support_account", name: support), key: "support_account")
                }
                guard support != account.name else {
                    let reason = "must name another account, not \"\(support)\" itself"
                    throw reader.error(.invalidValue(key: "support_account", reason: reason), key: "support_account")
                }
            }
        }
        let fields = try top.table("policy")
        let reader = top.child([.key("policy")], subject: "policy", fields: fields ?? [:])
        try reader.rejectUnknownKeys(allowed: Self.policyKeys)

        var policy = PolicyConfiguration()
        policy.supportAccounts = Set(accounts.compactMap(\.supportAccount))
        for rule in PolicyRule.allCases {
            let key = rule == .neverReplyTo ? "never_reply_to_action" : rule.rawValue
            if let table = reader.fields[key]?.tableValue {
                // Per voice: `profanity = { brand = "reject", personal = "off" }`.
                let voices = reader.child([.key(key)], subject: "policy", fields: table)
                try voices.rejectUnknownKeys(allowed: ["brand", "personal"])
                for voice in [Account.Voice.brand, .personal] {
                    if let setting = try policySetting(voices, key: voice.rawValue, named: key + "." + voice.rawValue) {
                        policy.voiceSettings[voice, default: [:]][rule] = setting
                    }
                }
            } else if let setting = try policySetting(reader, key: key) {
                policy.settings[rule] = setting
            }
        }
        for (index, text) in (try reader.strings("never_reply_to") ?? []).enumerated() {
            guard SocialHandle(parsing: text) != nil else {
                let reason = "\"\(text)\" is not a handle such as \"@troll\" or \"@troll@mastodon.social\""
                throw reader.error(.invalidValue(key: "never_reply_to", reason: reason),
                                   at: [.key("never_reply_to"), .index(index)])
            }
            policy.neverReplyTo.append(text)
        }

        let explicitDirectory = try reader.nonEmptyString("directory")
        let directory = Self.resolve(explicitDirectory ?? "policy", against: Self.directory(of: file))
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        if explicitDirectory != nil, !(exists && isDirectory.boolValue) {
            let reason = "\(directory) is not a directory"
            throw reader.error(.invalidValue(key: "directory", reason: reason), key: "directory")
        }
        policy.profanity = try readWordLists(
            reader, directory: exists && isDirectory.boolValue ? directory : nil, shownDirectory: directory,
            warnings: &policy.warnings)
        if let terms = try reader.nonEmptyString("terms") {
            let path = Self.resolve(terms, against: directory)
            let text = try Self.readPolicyFile(path)
            do {
                policy.terms = try ConfidentialTerm.parseFile(text)
                policy.termsFile = path
            } catch {
                switch error {
                case let .invalidUntil(line, value):
                    let reason = "\"\(value)\" is not an RFC 3339 instant such as 2027-01-15T09:00:00Z"
                    throw .invalid(file: path, line: line, subject: "terms",
                                   problem: .invalidValue(key: "until", reason: reason))
                case let .emptyTerm(line):
                    throw .invalid(file: path, line: line, subject: "terms", problem: .emptyValue(key: "term"))
                }
            }
        }
        if let path = policy.termsFile, policy.terms.isEmpty {
            // A warning, not an error: the shipped terms.txt holds only commented examples, and naming it before
            // filling it in is an ordinary first step. It is loud (check-config, the journal, STATUS=).
            policy.warnings.append("\(path): no confidential terms (every line is blank or a comment): the "
                + "confidential and embargo rules have nothing to match")
        }
        try checkRulesHaveMaterial(policy, reader: reader, accounts: accounts, readers: readers)
        return policy
    }

    /// The per-account keys: `submitters`, `approvers`, `support_account` (checked against the accounts later, in
    /// `readPolicy`) and `policy = { rule = "action" }`.
    func readAccountPolicy(_ reader: TableReader, into account: inout Account) throws(ConfigError) {
        for key in ["submitters", "approvers"] {
            guard let entries = try reader.strings(key) else { continue }
            for (index, entry) in entries.enumerated() where !Self.isPrincipal(entry) {
                let reason = "\"\(entry)\" is not a user name or @group"
                throw reader.error(.invalidValue(key: key, reason: reason), at: [.key(key), .index(index)])
            }
            if key == "submitters" { account.submitters = entries } else { account.approvers = entries }
        }
        account.supportAccount = try reader.nonEmptyString("support_account")
        guard let table = try reader.table("policy") else { return }
        let overrides = reader.child([.key("policy")], subject: reader.subject + " policy", fields: table)
        try overrides.rejectUnknownKeys(allowed: PolicyRule.allCases.map(\.rawValue))
        for rule in PolicyRule.allCases {
            if let setting = try policySetting(overrides, key: rule.rawValue) { account.policy[rule] = setting }
        }
    }

    /// A rule setting; `named` is how errors name the key (`profanity.brand`).
    private func policySetting(
        _ reader: TableReader, key: String, named: String? = nil
    ) throws(ConfigError) -> PolicySetting? {
        guard let value = reader.fields[key] else { return nil }
        let name = named ?? key
        guard let text = value.stringValue, let setting = PolicySetting(rawValue: text) else {
            let written = value.stringValue.map { "\"\($0)\"" } ?? value.typeDescription
            let reason = "must be reject, hold, warn or off, not \(written)"
            throw reader.error(.invalidValue(key: name, reason: reason), key: key)
        }
        return setting
    }

    /// A Unix user name or `@group`: no blanks, no colon or slash, not empty.
    static func isPrincipal(_ entry: String) -> Bool {
        let name = entry.hasPrefix("@") ? entry.dropFirst() : Substring(entry)
        return !name.isEmpty && !name.contains { $0.isWhitespace || $0 == ":" || $0 == "/" || $0 == "@" }
    }

    /// The directory holding `file` (by hand: Foundation's deletingLastPathComponent traps on an empty path, and
    /// tests parse text with path "").
    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    /// `path` as given when absolute, else relative to `directory` (the config file's, for curves and lists).
    static func resolve(_ path: String, against directory: String) -> String {
        path.hasPrefix("/") ? path : (directory == "/" ? "/" : directory + "/") + path
    }

    /// A policy file's text; unreadable or not UTF-8 is an error naming the file.
    static func readPolicyFile(_ path: String) throws(ConfigError) -> String {
        let bytes = try ConfigLoader.readFile(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadable(file: path, reason: "not UTF-8")
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
