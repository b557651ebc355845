/// How long a status is, and how long it may be, as each network counts.
///
/// For now the measure is grapheme clusters (Swift `Character`s) on every network; exact per-network counting
/// (X's weighted characters and URLs, Bluesky's graphemes, Mastodon's URL and mention rules) replaces the body of
/// `measure` later without changing callers.
public enum TextLength {
    /// The length of `text` as `network` counts it. `outbox` and `exec` count like X, their default `counts_as`;
    /// pass `Account.lengthRules` to follow the account's setting.
    public static func measure(_ text: String, network: Network) -> Int {
        text.count
    }

    /// The most `network` allows in one status: X 280, Mastodon 500 (the default instance limit), Bluesky 300.
    /// `outbox` and `exec` get X's limit, as for `measure`.
    public static func limit(for network: Network) -> Int {
        switch network {
        case .x, .outbox, .exec: 280
        case .mastodon: 500
        case .bluesky: 300
        }
    }
}
