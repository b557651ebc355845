/// An `@user` or `@user@domain` mention as Mastodon's status length validator finds it, in Unicode-scalar offsets.
struct MastodonMention: Sendable, Hashable {
    /// From the `@` to the end of the domain (or of the user name when there is none).
    var range: Range<Int>
    /// The `@` and the user name: what the mention counts as.
    var local: Range<Int>

    /// Every mention in `scalars`, found as Mastodon's `Account::MENTION_RE` and `Extractor` find them.
    ///
    /// A mention starts at an `@` that does not follow a word character, `=` or `/` (so `me@example.com` is an
    /// address, not a mention), then a user name of ASCII letters, digits and `_`, with `.` and `-` allowed inside;
    /// then optionally `@` and a domain of word characters, `.` and `-`, at least two characters long and ending
    /// in a word character. A mention followed by another `@`, an accented Latin letter or `://` is no mention.
    static func all(in scalars: [Unicode.Scalar]) -> [MastodonMention] {
        guard scalars.contains("@") else { return [] }
        var mentions: [MastodonMention] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "@", index == 0 || !isExcludedBefore(scalars[index - 1]),
                  let mention = mention(in: scalars, at: index)
            else {
                index += 1
                continue
            }
            if !isRefused(after: mention.range.upperBound, in: scalars) { mentions.append(mention) }
            // The scan goes on after the match whether or not it was kept.
            index = mention.range.upperBound
        }
        return mentions
    }

    private static func mention(in scalars: [Unicode.Scalar], at start: Int) -> MastodonMention? {
        let nameStart = start + 1
        guard nameStart < scalars.count, isNameCharacter(scalars[nameStart]) else { return nil }
        let nameEnd = trimmedRunEnd(
            in: scalars, from: nameStart, inRun: { isNameCharacter($0) || $0 == "." || $0 == "-" },
            canEnd: isNameCharacter
        )
        var end = nameEnd
        if nameEnd < scalars.count, scalars[nameEnd] == "@" {
            let domainEnd = trimmedRunEnd(
                in: scalars, from: nameEnd + 1, inRun: { isWordCharacter($0) || $0 == "." || $0 == "-" },
                canEnd: isWordCharacter
            )
            if domainEnd - (nameEnd + 1) >= 2 { end = domainEnd }
        }
        return MastodonMention(range: start..<end, local: start..<nameEnd)
    }

    /// The end of the run of `inRun` characters from `start`, backed off to its last `canEnd` character: what a
    /// greedy `[run]+[end]+` keeps.
    private static func trimmedRunEnd(
        in scalars: [Unicode.Scalar], from start: Int, inRun: (Unicode.Scalar) -> Bool,
        canEnd: (Unicode.Scalar) -> Bool
    ) -> Int {
        var end = start
        while end < scalars.count, inRun(scalars[end]) { end += 1 }
        while end > start, !canEnd(scalars[end - 1]) { end -= 1 }
        return end
    }

    private static func isExcludedBefore(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "=" || scalar == "/" || isWordCharacter(scalar)
    }

    private static func isRefused(after end: Int, in scalars: [Unicode.Scalar]) -> Bool {
        guard end < scalars.count else { return false }
        let next = scalars[end]
        if next == "@" || next == "＠" || TwitterURLSyntax.isLatinAccent(next) { return true }
        return end + 2 < scalars.count && next == ":" && scalars[end + 1] == "/" && scalars[end + 2] == "/"
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        TwitterURLSyntax.isASCIILetterOrDigit(scalar) || scalar == "_"
    }

    /// Ruby's `[[:word:]]`: letters, marks, decimal digits and connector punctuation, in any script.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
             .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
            true
        default:
            false
        }
    }
}
