import Foundation

/// A LinkedIn access token and what Herald knows of its life, kept in `STATE/networks/ACCOUNT/linkedin-token.json`
/// (0600) once Herald has refreshed it.
///
/// Member tokens last 60 days. Only some apps get refresh tokens ("programmatic refresh"); with `refresh_token`,
/// `client_id` and `client_secret` in the credentials Herald refreshes when fewer than ``refreshWithin`` remain or
/// the expiry is unknown (at most once a day), saving the new token before it uses it. Without them the token
/// simply runs out: the daemon warns a week before (`credentials_expiry`), and a 401 afterwards pauses the account.
public struct LinkedInToken: Sendable, Codable, Equatable {
    public var accessToken: String
    public var expiresAt: Date?
    public var lastRefreshAttempt: Date?
    /// A digest of the credentials' access token this one descends from: a saved token of replaced credentials is
    /// not used.
    public var origin: String

    /// Refresh when less than this is left.
    public static let refreshWithin: TimeInterval = 14 * 86_400
    public static let minimumRefreshInterval: TimeInterval = 86_400

    public init(accessToken: String, expiresAt: Date?, lastRefreshAttempt: Date? = nil, origin: String) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.lastRefreshAttempt = lastRefreshAttempt
        self.origin = origin
    }

    /// Whether an app that can refresh should ask at `now`.
    public func needsRefresh(at now: Date) -> Bool {
        if let last = lastRefreshAttempt, now.timeIntervalSince(last) < Self.minimumRefreshInterval { return false }
        guard let expiresAt else { return true }
        return expiresAt.timeIntervalSince(now) < Self.refreshWithin
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresAt = "expires_at"
        case lastRefreshAttempt = "last_refresh_attempt"
        case origin
    }
}
