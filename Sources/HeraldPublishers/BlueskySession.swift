import Foundation

/// A Bluesky login (`createSession`/`refreshSession`): kept in `STATE/networks/ACCOUNT/bluesky-session.json`
/// (0600, replaced atomically) so neither a new post nor a restart logs in again; app passwords allow few logins
/// a day. The refresh token is single-use: the new pair is saved before it is used.
public struct BlueskySession: Sendable, Equatable, Codable {
    public var accessJwt: String
    public var refreshJwt: String
    public var did: String
    public var handle: String?

    public init(accessJwt: String, refreshJwt: String, did: String, handle: String? = nil) {
        self.accessJwt = accessJwt
        self.refreshJwt = refreshJwt
        self.did = did
        self.handle = handle
    }

    /// The session in a `createSession`/`refreshSession` answer, or nil when one of its fields is missing.
    public static func parse(_ body: [UInt8]) -> BlueskySession? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let access = object["accessJwt"] as? String, !access.isEmpty,
              let refresh = object["refreshJwt"] as? String, !refresh.isEmpty,
              let did = object["did"] as? String, !did.isEmpty
        else { return nil }
        return BlueskySession(accessJwt: access, refreshJwt: refresh, did: did, handle: object["handle"] as? String)
    }

    /// The saved session at `url`, or nil when there is none (or it is unreadable: then Herald logs in again).
    public static func load(from url: URL) -> BlueskySession? {
        guard let data = try? AtomicFile.read(url) else { return nil }
        return try? JSONDecoder().decode(BlueskySession.self, from: data)
    }

    /// Saves the session durably (0600, atomic).
    public func save(to url: URL) throws {
        try AtomicFile.write(JSONEncoder().encode(self), to: url)
    }

    enum CodingKeys: String, CodingKey {
        case accessJwt = "access_jwt"
        case refreshJwt = "refresh_jwt"
        case did
        case handle
    }
}
