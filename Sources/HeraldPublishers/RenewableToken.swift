import Foundation
import HeraldCore

/// An access token that lives for weeks and can be renewed (Threads' long-lived tokens; LinkedIn's member tokens
/// for apps allowed to refresh), and what Herald knows of its life. Kept in `STATE/networks/ACCOUNT/FILE.json`
/// (0600, ``AtomicFile``) once Herald has renewed it, and saved before the new token is used.
///
/// Renewals are asked for when less than the network's `within` remains, or when the expiry is unknown, and at
/// most once a day (Threads refuses tokens younger than a day; a failing renewal is not hammered).
public struct RenewableToken: Sendable, Codable, Equatable {
    public var accessToken: String
    /// When the token expires: from `expires_in` after a renewal, or the credentials' `expires_at`; nil if unknown.
    public var expiresAt: Date?
    /// When Herald last asked for a renewal (successful or not).
    public var lastRefreshAttempt: Date?
    /// A digest of the credentials' token this one descends from (``XOAuth2Tokens/digest(ofRefreshToken:)``): a
    /// saved token of replaced credentials is not used.
    public var origin: String

    /// Herald asks for a renewal at most this often.
    public static let minimumRefreshInterval: TimeInterval = 86_400

    public init(accessToken: String, expiresAt: Date?, lastRefreshAttempt: Date? = nil, origin: String) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.lastRefreshAttempt = lastRefreshAttempt
        self.origin = origin
    }

    /// The token the credentials give: `access_token`, and `expires_at` (RFC 3339) when known.
    init(credentials: NetworkCredentials) throws(NetworkCredentialsError) {
        let token = try credentials.require("access_token")
        self.init(accessToken: token, expiresAt: credentials.optional("expires_at").flatMap(RFC3339.date(from:)),
                  origin: XOAuth2Tokens.digest(ofRefreshToken: token))
    }

    /// Whether to ask for a renewal at `now`, when less than `within` should be left.
    public func needsRefresh(at now: Date, within: TimeInterval) -> Bool {
        if let last = lastRefreshAttempt, now.timeIntervalSince(last) < Self.minimumRefreshInterval { return false }
        guard let expiresAt else { return true }
        return expiresAt.timeIntervalSince(now) < within
    }

    /// The token saved in `file` when it descends from `initial`'s credentials, else `initial`.
    static func load(_ file: URL, initial: RenewableToken) -> RenewableToken {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let data = try? AtomicFile.read(file), let saved = try? decoder.decode(Self.self, from: data),
              saved.origin == initial.origin
        else { return initial }
        return saved
    }

    /// Saves the token in `file`, durably.
    func save(to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        try AtomicFile.write(try encoder.encode(self), to: file)
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresAt = "expires_at"
        case lastRefreshAttempt = "last_refresh_attempt"
        case origin
    }
}

/// Where an account's renewable token lives: its file, and the token in use once read (inside the account's
/// actor).
struct TokenSlot: Sendable {
    let file: URL
    /// The token in use; set by ``current(initial:)`` and after each renewal.
    var token: RenewableToken?

    init(file: URL) {
        self.file = file
    }

    /// The token in use: the one in memory or in the file when it descends from `initial`'s credentials (new
    /// credentials start afresh), else `initial`.
    mutating func current(initial: RenewableToken) -> RenewableToken {
        if let token, token.origin == initial.origin { return token }
        let loaded = RenewableToken.load(file, initial: initial)
        token = loaded
        return loaded
    }
}
