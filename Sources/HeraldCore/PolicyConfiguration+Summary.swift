extension PolicyConfiguration {
    /// What the gate will use, one line each, for `herald check-config` and heraldd's journal at start and reload
    /// (issue 11: a user must be able to see that the lists are there, how big they are and where they came from):
    ///
    ///     profanity en: 49 words: built in (46) + /etc/herald/policy/profanity-en.txt (3)
    ///     confidential terms: 2 from /etc/herald/policy/terms.txt
    ///     never reply to: none
    ///     account brand (brand voice, en): profanity reject, voice warn, confidential reject, …
    ///     warning: /etc/herald/policy/terms.txt: no confidential terms (…)
    public func summary(accounts: [Account]) -> [String] {
        var lines = profanity.keys.sorted().map { key in
            let list = profanity[key]!
            let sources = list.sources.isEmpty ? "given" : list.sources.map(\.description).joined(separator: " + ")
            return "profanity \(key): \(list.entries.count) words: \(sources)"
        }
        let embargoed = terms.filter { $0.until != nil }.count
        lines.append("confidential terms: \(terms.count)" + (embargoed > 0 ? " (\(embargoed) under embargo)" : "")
            + (termsFile.map { " from \($0)" } ?? " (no terms file)"))
        lines.append("never reply to: " + (neverReplyTo.isEmpty ? "none" : neverReplyTo.joined(separator: ", ")))
        // Accounts with the same voice, language and settings share a line, in the order they first appear, so an
        // agency's hundreds of alike accounts make a few lines, not hundreds, in the journal at every reload.
        var groups: [(key: String, names: [String])] = []
        for account in accounts {
            let rules = PolicyRule.allCases.map { "\($0.rawValue) \(setting(for: $0, account: account).rawValue)" }
            let key = "(\(account.voice.rawValue) voice, \(account.language)): " + rules.joined(separator: ", ")
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].names.append(account.name)
            } else {
                groups.append((key, [account.name]))
            }
        }
        for group in groups {
            let names = group.names.joined(separator: ", ")
            lines.append((group.names.count == 1 ? "account " : "accounts ") + names + " " + group.key)
        }
        return lines + warnings.map { "warning: " + $0 }
    }
}
