/// The headers a post file may carry (DESIGN, "Post files"), besides `X-` headers, which are kept but not
/// interpreted. The raw value is the canonical spelling used in messages.
public enum PostHeader: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case account = "Account"
    case at = "At"
    case notBefore = "Not-Before"
    case notAfter = "Not-After"
    case author = "Author"
    case id = "Id"
    case language = "Language"
    case inReplyTo = "In-Reply-To"
    case kind = "Kind"
    case thread = "Thread"
    /// `Media: PATH; alt=TEXT`, the one header that may be repeated (one per file).
    case media = "Media"
    /// A content warning: Mastodon's `spoiler_text` (the text hidden behind it is the post's body), on every part of
    /// a thread. X and Bluesky have no such field; the validator warns that it is not sent there.
    case contentWarning = "Content-Warning"
    /// `Hold: yes` or `Hold: REASON`: hold the post for an approver on every account, whatever the policy says
    /// (`no` holds nothing). Feeds write it so that a person sees each item before it goes out.
    case hold = "Hold"
    /// `Repeat: every 14d`: queue the post again after each publication (issue 14).
    case repeatEvery = "Repeat"
    /// `Repeat-Until: TIME`: no occurrence after this time (same syntax as `At:`).
    case repeatUntil = "Repeat-Until"
    /// `Repeat-Count: N`: N publications in all, the first included.
    case repeatCount = "Repeat-Count"

    /// The header with this name in any letter case (`not-before`, `NOT-BEFORE`); nil for an unknown name.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let header = Self.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = header
    }

    public var description: String { rawValue }

    /// The known header a misspelt `name` was most likely meant to be, for "did you mean" hints: the closest
    /// within two edits (one for names of up to four letters, or every short name would match), ignoring case.
    static func suggestion(for name: String) -> PostHeader? {
        let lowered = Array(name.lowercased())
        let scored = allCases.map { ($0, editDistance(lowered, Array($0.rawValue.lowercased()))) }
        let allowed = lowered.count <= 4 ? 1 : 2
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= allowed else { return nil }
        return best.0
    }

    /// Levenshtein distance; header names are short, so the quadratic table is fine.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
