/// The rules that look at headers: `In-Reply-To:` (rule 4) and `Kind: support` (rule 5).
///
/// Header hits carry the header's line; their column assumes one space after the colon (`PostFile` keeps values,
/// not the lines as written).
extension PolicyEngine {
    func headerHits(_ file: PostFile, account: Account) -> (hits: [PolicyHit], moveTo: String?) {
        var hits: [PolicyHit] = []
        var moveTo: String?
        if let action = action(.neverReplyTo, for: account), let value = file.inReplyTo,
           let handle = SocialHandle(inReplyTo: value), let banned = neverReplyTo.first(where: { $0.names(handle) }) {
            let line = file.line(of: .inReplyTo)
            hits.append(PolicyHit(
                rule: .neverReplyTo, action: action, account: account.name, matched: value, line: line,
                column: line.map { _ in "In-Reply-To: ".count + 1 },
                message: "reply to \(handle.description), which is on the never-reply-to list (\(banned.description))"
            ))
        }
        // Support posts are at home on a support account.
        guard file.kind == .support, !policy.supportAccounts.contains(account.name),
              let action = action(.support, for: account)
        else { return (hits, nil) }
        let line = file.line(of: .kind)
        let column = line.map { _ in "Kind: ".count + 1 }
        if let support = account.supportAccount {
            moveTo = support
            hits.append(PolicyHit(
                rule: .support, action: .warn, account: account.name, matched: "support", line: line, column: column,
                message: "support post moved from account \"\(account.name)\" to its support account \"\(support)\""
            ))
        } else if account.voice == .brand {
            hits.append(PolicyHit(
                rule: .support, action: action, account: account.name, matched: "support", line: line, column: column,
                message: "support post for brand account \"\(account.name)\", which has no support_account"
            ))
        }
        return (hits, moveTo)
    }

    /// A warning when the profanity rule is on but there is no list for the post's language (a `Language:` header
    /// naming a language outside `[policy] languages`): the post is still checked against English, and says so,
    /// rather than passing as if it had been checked. The configuration makes sure every account's own language
    /// has a list.
    func missingListHit(_ file: PostFile, account: Account, language: String) -> PolicyHit? {
        guard action(.profanity, for: account) != nil, profanity[language] == nil else { return nil }
        let line = file.line(of: .language)
        let fallback = profanity["en"] == nil ? "no list applies" : "checked against English only"
        return PolicyHit(
            rule: .profanity, action: .warn, account: account.name, matched: file.language ?? account.language,
            line: line, column: line.map { _ in "Language: ".count + 1 },
            message: "no profanity word list for language \"\(language)\": \(fallback)")
    }
}
