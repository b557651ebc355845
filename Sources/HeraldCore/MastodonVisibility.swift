/// Who sees a Mastodon status (`visibility` of `POST /api/v1/statuses`; the account's `visibility` key).
public enum MastodonVisibility: String, Sendable, Hashable, CaseIterable {
    /// Everyone, in public timelines too.
    case `public`
    /// Everyone, but not in public timelines.
    case unlisted
    /// Followers only.
    case `private`
    /// Mentioned accounts only.
    case direct
}
