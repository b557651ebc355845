import Foundation

/// What a ``LinkedInPublisher`` keeps for its account (one actor per account for the process, from
/// ``registry``): the keys of statuses whose last attempt had an unknown outcome (`linkedin-unknown-outcomes.json`,
/// so a restart still reads a `DUPLICATE_POST` refusal as "the earlier attempt went out") and the access token
/// (``LinkedInToken``, `linkedin-token.json`) with its single-flight refresh.
actor LinkedInAccountState {
    static let registry = StateRegistry<LinkedInAccountState>()

    private let unknownFile: URL
    private let tokenFile: URL
    private var unknownKeys: Set<String> = []
    private var unknownLoaded = false
    private var token: LinkedInToken?
    private var refreshing: Task<String, Never>?

    init(directory: URL) {
        unknownFile = directory.appendingPathComponent("linkedin-unknown-outcomes.json")
        tokenFile = directory.appendingPathComponent("linkedin-token.json")
    }

    // MARK: Unknown outcomes

    func markUnknown(_ key: String) {
        loadUnknown()
        if unknownKeys.insert(key).inserted { saveUnknown() }
    }

    func clearUnknown(_ key: String) {
        loadUnknown()
        if unknownKeys.remove(key) != nil { saveUnknown() }
    }

    func isUnknown(_ key: String) -> Bool {
        loadUnknown()
        return unknownKeys.contains(key)
    }

    private func loadUnknown() {
        guard !unknownLoaded else { return }
        unknownLoaded = true
        guard let data = try? AtomicFile.read(unknownFile),
              let keys = try? JSONDecoder().decode([String].self, from: data)
        else { return }
        unknownKeys.formUnion(keys)
    }

    /// Best effort: without the file, the in-memory set still serves this process.
    private func saveUnknown() {
        guard let data = try? JSONEncoder().encode(unknownKeys.sorted()) else { return }
        try? AtomicFile.write(data, to: unknownFile)
    }

    // MARK: Token

    /// The token to use at `now`. With `refresh` (the app can refresh), a token that is due (see
    /// ``LinkedInToken``) is refreshed first; a failed refresh keeps the current token, to try again a day later.
    func accessToken(
        initial: LinkedInToken, now: Date,
        refresh: (@Sendable () async -> (token: String, expiresIn: TimeInterval?)?)?
    ) async -> String {
        var current = loadToken(initial: initial)
        guard let refresh, current.needsRefresh(at: now) else { return current.accessToken }
        if let refreshing { return await refreshing.value }
        let task = Task<String, Never> {
            current.lastRefreshAttempt = now
            if let fresh = await refresh() {
                current.accessToken = fresh.token
                current.expiresAt = fresh.expiresIn.map { now.addingTimeInterval($0) }
            }
            try? self.store(current)  // LinkedIn keeps the old token valid: an unsaved new one costs nothing
            return current.accessToken
        }
        refreshing = task
        let token = await task.value
        refreshing = nil
        return token
    }

    func tokenExpiry(initial: LinkedInToken) -> Date? {
        loadToken(initial: initial).expiresAt
    }

    private func loadToken(initial: LinkedInToken) -> LinkedInToken {
        if let token, token.origin == initial.origin { return token }
        var loaded = initial
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        if let data = try? AtomicFile.read(tokenFile),
           let saved = try? decoder.decode(LinkedInToken.self, from: data), saved.origin == initial.origin {
            loaded = saved
        }
        token = loaded
        return loaded
    }

    private func store(_ fresh: LinkedInToken) throws {
        token = fresh
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        try AtomicFile.write(try encoder.encode(fresh), to: tokenFile)
    }
}
