import Foundation

/// The policy gate (issue 6), pure: built once from the configuration and asked about many posts. It decides; the
/// daemon and `herald check` carry the decisions out.
///
/// Which profanity lists apply: the post's language (`Language:`, else the account's) and English always, since
/// English swearing turns up in posts in every language. The brand-voice rule uses the post's language only.
public struct PolicyEngine: Sendable {
    public let policy: PolicyConfiguration
    /// One matcher per list language, built once.
    private let profanity: [String: ProfanityMatcher]
    private let neverReplyTo: [SocialHandle]

    public init(policy: PolicyConfiguration) {
        self.policy = policy
        profanity = policy.profanity.mapValues { ProfanityMatcher(lists: [$0]) }
        neverReplyTo = policy.neverReplyTo.compactMap(SocialHandle.init(parsing:))
    }

    /// Every rule hit of `file` when published with `account`, at `now` (embargoes are compared with it), in the
    /// order of the post's text.
    public func evaluate(_ file: PostFile, account: Account, now: Date) -> PolicyVerdict {
        var hits: [PolicyHit] = []
        var notBefore: Date?
        var moveTo: String?
        let language = VoiceRule.key(for: file.language ?? account.language)
        let setting = { (rule: PolicyRule) in policy.setting(for: rule, account: account).action }

        if let action = setting(.neverReplyTo), let value = file.inReplyTo, let handle = SocialHandle(inReplyTo: value),
           let banned = neverReplyTo.first(where: { $0.names(handle) }) {
            let line = file.line(of: .inReplyTo)
            hits.append(PolicyHit(
                rule: .neverReplyTo, action: action, account: account.name, matched: value, part: 0, line: line,
                column: line.map { _ in "In-Reply-To: ".count + 1 },
                message: "reply to \(handle.description), which is on the never-reply-to list (\(banned.description))"
            ))
        }
        if file.kind == .support, !policy.supportAccounts.contains(account.name), let action = setting(.support) {
            if let support = account.supportAccount {
                moveTo = support
                hits.append(PolicyHit(
                    rule: .support, action: .warn, account: account.name, matched: "support",
                    line: file.line(of: .kind), column: file.line(of: .kind).map { _ in "Kind: ".count + 1 },
                    message: "support post moved from account \"\(account.name)\" to its support account \"\(support)\""
                ))
            } else if account.voice == .brand {
                hits.append(PolicyHit(
                    rule: .support, action: action, account: account.name, matched: "support",
                    line: file.line(of: .kind), column: file.line(of: .kind).map { _ in "Kind: ".count + 1 },
                    message: "support post for brand account \"\(account.name)\", which has no support_account"
                ))
            }
        }

        for (number, part) in file.parts.enumerated() {
            let locator = TextLocator(part.text, firstLine: part.line)
            var found: [PolicyHit] = []
            func hit(_ rule: PolicyRule, _ action: PolicyAction, _ range: Range<Int>, _ message: String) {
                let position = locator.position(of: range.lowerBound)
                found.append(PolicyHit(
                    rule: rule, action: action, account: account.name, matched: locator.text(range), part: number,
                    line: position.line, column: position.column, message: message
                ))
            }
            if let action = setting(.profanity) {
                var starts = Set<Int>()  // the post's language and English may both list a word
                for key in language == "en" ? ["en"] : [language, "en"] {
                    for match in profanity[key]?.matches(in: locator.characters) ?? []
                    where starts.insert(match.range.lowerBound).inserted {
                        hit(.profanity, action, match.range,
                            "profanity \"\(locator.text(match.range))\" (\(match.language): \(match.entry.word))")
                    }
                }
            }
            if account.voice == .brand, let action = setting(.voice) {
                for range in VoiceRule.matches(in: locator.characters, language: language) {
                    hit(.voice, action, range,
                        "first person \"\(locator.text(range))\" on brand account \"\(account.name)\" (\(language))")
                }
            }
            if let action = setting(.neverReplyTo) {
                for mention in SocialHandle.mentions(in: locator.characters) {
                    guard let banned = neverReplyTo.first(where: { $0.names(mention.handle) }) else { continue }
                    hit(.neverReplyTo, action, mention.range,
                        "mention of \(mention.handle.description), which is on the never-reply-to list "
                            + "(\(banned.description))")
                }
            }
            if let action = setting(.confidential) {
                for term in policy.terms where term.until.map({ $0 > now }) ?? true {
                    for range in ConfidentialTermMatcher.occurrences(of: term.term, in: locator.characters) {
                        guard let until = term.until else {
                            hit(.confidential, action, range, "confidential term \"\(term.term)\"")
                            continue
                        }
                        notBefore = max(notBefore ?? until, until)
                        let stamp = RFC3339.string(from: until)
                        if let conflict = earlyTime(file, account: account, now: now, before: until) {
                            hit(.embargo, .reject, range,
                                "term \"\(term.term)\" is under embargo until \(stamp), but \(conflict) is earlier")
                        } else if let embargoAction = setting(.embargo) {
                            hit(.embargo, embargoAction, range,
                                "term \"\(term.term)\" is under embargo until \(stamp): published no earlier")
                        }
                    }
                }
            }
            hits += found.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
        }
        return PolicyVerdict(hits: hits, notBefore: notBefore, moveTo: moveTo)
    }

    /// Rule 6 only; the daemon resolves uid -> user name and group names and passes them in. Nil when the user may
    /// post with `account` (no `submitters` list, listed by name or through one of `groups`).
    public func checkSubmitter(user: String, groups: [String], account: Account) -> PolicyHit? {
        guard let submitters = account.submitters, let action = policy.setting(for: .submitters, account: account)
            .action else { return nil }
        let allowed = submitters.contains { entry in
            entry.hasPrefix("@") ? groups.contains(String(entry.dropFirst())) : entry == user
        }
        if allowed { return nil }
        let list = submitters.isEmpty ? "nobody" : submitters.joined(separator: ", ")
        return PolicyHit(
            rule: .submitters, action: action, account: account.name, matched: user,
            message: "user \"\(user)\" may not post with account \"\(account.name)\" (submitters: \(list))"
        )
    }

    /// Which of `At:` and `Not-After:` falls before `until`, as words for the message; nil when neither does.
    private func earlyTime(_ file: PostFile, account: Account, now: Date, before until: Date) -> String? {
        if let at = file.at, at != .now, at.resolve(now: now, zone: account.timeZone) < until { return "At:" }
        if let notAfter = file.notAfter, notAfter.resolve(now: now, zone: account.timeZone) < until {
            return "Not-After:"
        }
        return nil
    }
}
