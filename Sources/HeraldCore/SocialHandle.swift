/// A handle as the never-reply-to rule compares them: a user name and, for fediverse handles, an instance.
/// `@troll` names the user on any instance; `@troll@mastodon.social` only that one.
public struct SocialHandle: Sendable, Equatable {
    public var user: String
    public var domain: String?

    public init(user: String, domain: String? = nil) {
        self.user = user.lowercased()
        self.domain = domain?.lowercased()
    }

    /// A configured or written handle: `@user`, `@user@host` (the leading `@` optional). Nil when malformed.
    public init?(parsing text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("@") { body = body.dropFirst() }
        let pieces = body.split(separator: "@", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count),
              pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isHandleCharacter) })
        else { return nil }
        self.init(user: String(pieces[0]), domain: pieces.count == 2 ? String(pieces[1]) : nil)
    }

    /// The handle an `In-Reply-To:` value names: a handle, or a status URL of Mastodon (`https://host/@user/1`),
    /// X (`https://x.com/user/status/1`) or Bluesky (`https://bsky.app/profile/user/post/1`). Nil for anything else
    /// (an opaque status id names nobody Herald can tell).
    public init?(inReplyTo value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("@") {
            self.init(parsing: trimmed)
            return
        }
        guard let schemeEnd = trimmed.range(of: "://") else { return nil }
        let rest = trimmed[schemeEnd.upperBound...]
        let path = rest.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let host = path.first?.split(separator: ":").first.map({ String($0).lowercased() }) else { return nil }
        let components = Array(path.dropFirst())
        if let at = components.first(where: { $0.hasPrefix("@") }) {
            let handle = SocialHandle(parsing: at)
            guard let handle else { return nil }
            self.init(user: handle.user, domain: handle.domain ?? host)
        } else if ["x.com", "twitter.com", "www.x.com", "www.twitter.com", "mobile.twitter.com"].contains(host),
                  let user = components.first, components.count >= 2, components[1] == "status" {
            self.init(user: user)
        } else if host == "bsky.app", components.count >= 2, components[0] == "profile" {
            self.init(user: components[1])
        } else {
            return nil
        }
    }

    /// Whether this configured handle names `other`: same user, and the same instance when both give one.
    public func names(_ other: SocialHandle) -> Bool {
        guard user == other.user else { return false }
        guard let domain, let otherDomain = other.domain else { return true }
        return domain == otherDomain
    }

    public var description: String { "@" + user + (domain.map { "@" + $0 } ?? "") }

    static func isHandleCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "." || character == "-"
    }

    /// The mentions in `characters`: `@user` or `@user@host` after a non-word character, trailing dots dropped.
    public static func mentions(in characters: [Character]) -> [(handle: SocialHandle, range: Range<Int>)] {
        var found: [(handle: SocialHandle, range: Range<Int>)] = []
        var index = 0
        while index < characters.count {
            let isStart = characters[index] == "@"
                && (index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber
                    || characters[index - 1] == "_" || characters[index - 1] == "@"))
            guard isStart else {
                index += 1
                continue
            }
            var end = index + 1
            var ats = 1
            while end < characters.count,
                  isHandleCharacter(characters[end]) || (characters[end] == "@" && ats == 1 && end > index + 1) {
                if characters[end] == "@" { ats += 1 }
                end += 1
            }
            while end > index + 1, ".-@".contains(characters[end - 1]) { end -= 1 }
            if end > index + 1, let handle = SocialHandle(parsing: String(characters[index..<end])) {
                found.append((handle, index..<end))
            }
            index = max(end, index + 1)
        }
        return found
    }
}
