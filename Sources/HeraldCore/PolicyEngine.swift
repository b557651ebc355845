import Foundation

/// The policy gate (issue 6), pure: built once from the configuration and asked about many posts. It decides; the
/// daemon and `herald check` carry the decisions out.
///
/// Which profanity lists apply: the post's language (`Language:`, else the account's) and English always, since
/// English swearing turns up in posts in every language. The brand-voice rule uses the post's language only.
public struct PolicyEngine: Sendable {
    public let policy: PolicyConfiguration
    /// One matcher per list language, built once.
    let profanity: [String: ProfanityMatcher]
    let neverReplyTo: [SocialHandle]

    public init(policy: PolicyConfiguration) {
        self.policy = policy
        profanity = policy.profanity.mapValues { ProfanityMatcher(lists: [$0]) }
        neverReplyTo = policy.neverReplyTo.compactMap(SocialHandle.init(parsing:))
    }

    /// Every rule hit of `file` when published with `account`, at `now` (embargoes are compared with it): the
    /// headers' hits first, then each part's in the order of its text.
    public func evaluate(_ file: PostFile, account: Account, now: Date) -> PolicyVerdict {
        var (hits, moveTo) = headerHits(file, account: account)
        var notBefore: Date?
        let language = VoiceRule.key(for: file.language ?? account.language)
        if let hit = missingListHit(file, account: account, language: language) { hits.append(hit) }
        // The content warning is published too (Mastodon shows it before the text): its words are checked like
        // the body's, with positions on its header line (the column assumes one space after the colon, as for
        // the other header hits).
        if let warning = file.contentWarning, let line = file.line(of: .contentWarning) {
            let (found, embargo) = textHits(
                PostPart(text: warning, line: line), number: 0, file: file, account: account, language: language,
                now: now)
            let offset = "\(PostHeader.contentWarning.rawValue): ".count
            hits += found.map { hit in
                var shifted = hit
                shifted.column = hit.column.map { $0 + offset }
                return shifted
            }
            if let embargo { notBefore = max(notBefore ?? embargo, embargo) }
        }
        for (number, part) in file.parts.enumerated() {
            let (found, embargo) = textHits(
                part, number: number, file: file, account: account, language: language, now: now)
            hits += found
            if let embargo { notBefore = max(notBefore ?? embargo, embargo) }
        }
        return PolicyVerdict(hits: hits, notBefore: notBefore, moveTo: moveTo)
    }

    /// The rule's action for `account`; nil when the rule is off.
    func action(_ rule: PolicyRule, for account: Account) -> PolicyAction? {
        policy.setting(for: rule, account: account).action
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
}
