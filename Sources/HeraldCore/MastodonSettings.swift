/// The length settings of a Mastodon instance, as its API reports them (`configuration.statuses` in
/// `/api/v2/instance`).
///
/// Instances may raise the 500-character limit; Herald uses these defaults unless the account's configuration or the
/// instance says otherwise.
public struct MastodonSettings: Sendable, Hashable {
    /// `max_characters`: the most a status may count, content warning included.
    public var maxCharacters: Int
    /// `characters_reserved_per_url`: what every link counts as, whatever its length.
    public var charactersReservedPerURL: Int

    public init(maxCharacters: Int = 500, charactersReservedPerURL: Int = 23) {
        self.maxCharacters = maxCharacters
        self.charactersReservedPerURL = charactersReservedPerURL
    }

    /// Mastodon's defaults: 500 characters, 23 per URL.
    public static let standard = MastodonSettings()
}
