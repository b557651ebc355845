import Foundation

/// An X OAuth 2.0 user token pair, as persisted in `STATE/networks/ACCOUNT/x-oauth2-tokens.json` (0600).
///
/// X's refresh tokens are single-use: each refresh returns a new pair and spends the old refresh token, so the
/// new pair is written (atomically, durably) before the access token is used.
public struct XOAuth2Tokens: Sendable, Codable, Equatable {
    public var accessToken: String?
    public var refreshToken: String
    /// When the access token expires; nil when unknown.
    public var expiresAt: Date?
    /// Which credentials this chain of refreshes started from: ``digest(ofRefreshToken:)`` of the credentials'
    /// `refresh_token`. A saved pair whose origin is not the current credentials' belongs to credentials that were
    /// replaced (re-authorized after a refusal) and is not used. Nil in files written before it was kept.
    public var origin: String?

    public init(accessToken: String?, refreshToken: String, expiresAt: Date?, origin: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.origin = origin
    }

    /// SHA-256 of a refresh token, in hex: names the credentials a saved pair came from without keeping the token.
    public static func digest(ofRefreshToken token: String) -> String {
        SecretDigest.hex(token)
    }

    /// Whether the access token can be used at `now` (a minute of margin before its expiry).
    public func isUsable(at now: Date) -> Bool {
        guard accessToken != nil else { return false }
        guard let expiresAt else { return true }
        return now.addingTimeInterval(60) < expiresAt
    }

    /// The pair from a successful `POST /2/oauth2/token` response, or nil when it lacks the tokens.
    public static func from(tokenResponse body: [UInt8], now: Date) -> XOAuth2Tokens? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let access = object["access_token"] as? String, let refresh = object["refresh_token"] as? String
        else { return nil }
        let expires = (object["expires_in"] as? NSNumber).map { now.addingTimeInterval($0.doubleValue) }
        return XOAuth2Tokens(accessToken: access, refreshToken: refresh, expiresAt: expires)
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case expiresAt = "expires_at"
        case origin
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decodeIfPresent(String.self, forKey: .accessToken)
        refreshToken = try container.decode(String.self, forKey: .refreshToken)
        expiresAt = try container.decodeIfPresent(Double.self, forKey: .expiresAt)
            .map { Date(timeIntervalSince1970: $0) }
        origin = try container.decodeIfPresent(String.self, forKey: .origin)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accessToken, forKey: .accessToken)
        try container.encode(refreshToken, forKey: .refreshToken)
        try container.encode(expiresAt?.timeIntervalSince1970, forKey: .expiresAt)
        try container.encodeIfPresent(origin, forKey: .origin)
    }
}
