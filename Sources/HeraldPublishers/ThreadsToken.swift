import Foundation

/// A Threads long-lived access token and what Herald knows of its life, as kept in
/// `STATE/networks/ACCOUNT/threads-token.json` (0600) once Herald has refreshed it.
///
/// Long-lived tokens last 60 days and can be refreshed (`GET /refresh_access_token?grant_type=th_refresh_token`)
/// once they are at least a day old; each refresh gives a token valid for 60 days more. Herald refreshes when
/// fewer than ``refreshWithin`` remain (or when it does not know the expiry), at most once a day, and saves the new
/// token before it uses it. A refresh refused with code 190 means the token is dead (the account is paused); any
/// other failure keeps the current token, to try again a day later.
public struct ThreadsToken: Sendable, Codable, Equatable {
    public var accessToken: String
    /// When the token expires: from `expires_in` after a refresh, or the credentials' `expires_at`; nil if unknown.
    public var expiresAt: Date?
    /// When Herald last asked for a refresh (successful or not).
    public var lastRefreshAttempt: Date?
    /// ``XOAuth2Tokens/digest(ofRefreshToken:)`` of the credentials' token this one descends from: a saved token
    /// of replaced credentials is not used.
    public var origin: String

    /// Refresh when less than this is left (half the token's life).
    public static let refreshWithin: TimeInterval = 30 * 86_400
    /// Threads refuses to refresh a token less than a day old; Herald asks at most this often.
    public static let minimumRefreshInterval: TimeInterval = 86_400

    public init(accessToken: String, expiresAt: Date?, lastRefreshAttempt: Date? = nil, origin: String) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.lastRefreshAttempt = lastRefreshAttempt
        self.origin = origin
    }

    /// Whether to ask for a refresh at `now`.
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
