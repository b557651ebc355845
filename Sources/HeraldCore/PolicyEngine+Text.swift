import Foundation

/// The rules that look at a part's text: profanity (1), brand voice (2), confidential terms and embargoes (3) and
/// mentions (4).
extension PolicyEngine {
    /// The hits of one part, in text order, and the latest embargo end among its terms.
    func textHits(
        _ part: PostPart, number: Int, file: PostFile, account: Account, language: String, now: Date
    ) -> (hits: [PolicyHit], notBefore: Date?) {
        let locator = TextLocator(part.text, firstLine: part.line)
        var found: [PolicyHit] = []
        var notBefore: Date?
        func hit(_ rule: PolicyRule, _ action: PolicyAction, _ range: Range<Int>, _ message: String) {
            let position = locator.position(of: range.lowerBound)
            found.append(PolicyHit(
                rule: rule, action: action, account: account.name, matched: locator.text(range), part: number,
                line: position.line, column: position.column, message: message
            ))
        }
        if let action = action(.profanity, for: account) {
            var starts = Set<Int>()  // the post's language and English may both list a word
            for key in language == "en" ? ["en"] : [language, "en"] {
                for match in profanity[key]?.matches(in: locator.characters) ?? []
                where starts.insert(match.range.lowerBound).inserted {
                    hit(.profanity, action, match.range,
                        "profanity \"\(locator.text(match.range))\" (\(match.language): \(match.entry.word))")
                }
            }
        }
        if account.voice == .brand, let action = action(.voice, for: account) {
            for range in VoiceRule.matches(in: locator.characters, language: language) {
                hit(.voice, action, range,
                    "first person \"\(locator.text(range))\" on brand account \"\(account.name)\" (\(language))")
            }
        }
        if let action = action(.neverReplyTo, for: account) {
            for mention in SocialHandle.mentions(in: locator.characters) {
                guard let banned = neverReplyTo.first(where: { $0.names(mention.handle) }) else { continue }
                hit(.neverReplyTo, action, mention.range,
                    "mention of \(mention.handle.description), which is on the never-reply-to list "
                        + "(\(banned.description))")
            }
        }
        if let action = action(.confidential, for: account) {
            // A term whose embargo has ended is public: it does not hit at all.
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
                    } else if let embargoAction = self.action(.embargo, for: account) {
                        hit(.embargo, embargoAction, range,
                            "term \"\(term.term)\" is under embargo until \(stamp): published no earlier")
                    }
                }
            }
        }
        let sorted = found.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
        return (sorted, notBefore)
    }

    /// Which of `At:` and `Not-After:` falls before `until`, as words for the message; nil when neither does.
    func earlyTime(_ file: PostFile, account: Account, now: Date, before until: Date) -> String? {
        if let at = file.at, at != .now, at.resolve(now: now, zone: account.timeZone) < until { return "At:" }
        if let notAfter = file.notAfter, notAfter.resolve(now: now, zone: account.timeZone) < until {
            return "Not-After:"
        }
        return nil
    }
}
