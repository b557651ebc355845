import Foundation

/// What a ``LinkedInPublisher`` keeps for its account (one actor per account for the process, from
/// ``registry``): the keys of statuses whose last attempt had an unknown outcome (`linkedin-unknown-outcomes.json`,
/// so a restart still reads a `DUPLICATE_POST` refusal as "the earlier attempt went out") and the access token
/// (``RenewableToken``, `linkedin-token.json`) with its single-flight refresh.
actor LinkedInAccountState {
    static let registry = StateRegistry<LinkedInAccountState>()

    /// Refresh when less than this is left.
    static let refreshWithin: TimeInterval = 14 * 86_400

    private var slot: TokenSlot
    private var unknown: UnknownOutcomes
    private var refreshing: Task<String, Never>?

    init(directory: URL) {
        unknown = UnknownOutcomes(file: directory.appendingPathComponent("linkedin-unknown-outcomes.json"))
        slot = TokenSlot(file: directory.appendingPathComponent("linkedin-token.json"))
    }

    // MARK: Unknown outcomes

    func markUnknown(_ key: String) { unknown.mark(key) }
    func clearUnknown(_ key: String) { unknown.clear(key) }
    func isUnknown(_ key: String) -> Bool { unknown.contains(key) }

    // MARK: Token

    /// The token to use at `now`. With `refresh` (the app can refresh), a token that is due (see
    /// ``RenewableToken``, within ``refreshWithin``) is refreshed first; a failed refresh keeps the current token,
    /// to try again a day later.
    func accessToken(
        initial: RenewableToken, now: Date,
        refresh: (@Sendable () async -> (token: String, expiresIn: TimeInterval?)?)?
    ) async -> String {
        var current = slot.current(initial: initial)
        guard let refresh, current.needsRefresh(at: now, within: Self.refreshWithin) else {
            return current.accessToken
        }
        if let refreshing { return await refreshing.value }
        let task = Task<String, Never> {
            current.lastRefreshAttempt = now
            if let fresh = await refresh() {
                current.accessToken = fresh.token
                current.expiresAt = fresh.expiresIn.map { now.addingTimeInterval($0) }
            }
            self.slot.token = current
            try? current.save(to: self.slot.file)  // LinkedIn keeps the old token valid: unsaved costs nothing
            return current.accessToken
        }
        refreshing = task
        let token = await task.value
        refreshing = nil
        return token
    }

    func tokenExpiry(initial: RenewableToken) -> Date? {
        slot.current(initial: initial).expiresAt
    }

}
