import Foundation
import HeraldCore

/// What Herald keeps of a Mastodon instance's `/api/v2/instance`: its status length settings and when they were
/// fetched (pure; cached as JSON in `STATE/networks/ACCOUNT/mastodon-instance.json`).
///
/// The instance's values win over the account's configured `max_characters`/`characters_reserved_per_url` at
/// publish time: the configured ones check posts when they are accepted (no network access then), the instance's
/// are what the server will enforce.
public struct MastodonInstanceInfo: Sendable, Equatable, Codable {
    /// How long fetched settings are used before they are fetched again.
    public static let refreshInterval: TimeInterval = 24 * 3600

    public var maxCharacters: Int
    public var charactersReservedPerURL: Int
    public var fetchedAt: Date

    public init(maxCharacters: Int, charactersReservedPerURL: Int, fetchedAt: Date) {
        self.maxCharacters = maxCharacters
        self.charactersReservedPerURL = charactersReservedPerURL
        self.fetchedAt = fetchedAt
    }

    /// The settings in HeraldCore's form, for `MastodonLength`.
    public var settings: MastodonSettings {
        MastodonSettings(maxCharacters: maxCharacters, charactersReservedPerURL: charactersReservedPerURL)
    }

    /// Reads `configuration.statuses` from an `/api/v2/instance` body. A missing `characters_reserved_per_url`
    /// takes Mastodon's 23; a missing or non-positive `max_characters` makes the body unusable (nil).
    public static func parse(_ body: [UInt8], fetchedAt: Date) -> MastodonInstanceInfo? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let configuration = object["configuration"] as? [String: Any],
              let statuses = configuration["statuses"] as? [String: Any],
              let limit = (statuses["max_characters"] as? NSNumber)?.intValue, limit > 0
        else { return nil }
        let reserved = (statuses["characters_reserved_per_url"] as? NSNumber)?.intValue ?? 23
        return MastodonInstanceInfo(
            maxCharacters: limit, charactersReservedPerURL: max(0, reserved), fetchedAt: fetchedAt)
    }

    /// Whether the settings should be fetched again at `now`: a day after they were, or when the clock says they
    /// come from the future (it was set back), so a wrong clock cannot pin stale settings forever.
    public func isStale(now: Date) -> Bool {
        now.timeIntervalSince(fetchedAt) >= Self.refreshInterval || fetchedAt.timeIntervalSince(now) > 300
    }

    enum CodingKeys: String, CodingKey {
        case maxCharacters = "max_characters"
        case charactersReservedPerURL = "characters_reserved_per_url"
        case fetchedAt = "fetched_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxCharacters = try container.decode(Int.self, forKey: .maxCharacters)
        charactersReservedPerURL = try container.decode(Int.self, forKey: .charactersReservedPerURL)
        fetchedAt = try RFC3339.decode(from: container, forKey: .fetchedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(maxCharacters, forKey: .maxCharacters)
        try container.encode(charactersReservedPerURL, forKey: .charactersReservedPerURL)
        try container.encode(RFC3339.string(from: fetchedAt), forKey: .fetchedAt)
    }
}
