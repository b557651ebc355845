import Foundation

/// What an ``XPublisher`` remembers between attempts (one actor per account, shared by its concurrent
/// publishes): the rate-limit window, the statuses whose last attempt had an unknown outcome, and the user id.
actor XAccountState {
    private var blocked: Date?
    private var unknownKeys: Set<String> = []
    private var userID: String?

    init(userID: String?) {
        self.userID = userID
    }

    /// The end of an exhausted rate-limit window, when it is still ahead of `now`.
    func blockedUntil(now: Date) -> Date? {
        guard let blocked, blocked > now else { return nil }
        return blocked
    }

    /// Takes in the limits a response announced.
    func note(_ limit: XRateLimit) {
        if let until = limit.blockedUntil {
            blocked = max(blocked ?? until, until)
        } else if limit.remaining != nil || limit.userRemaining != nil {
            blocked = nil  // a fresh window
        }
    }

    func markUnknown(_ key: String) { unknownKeys.insert(key) }
    func clearUnknown(_ key: String) { unknownKeys.remove(key) }
    func isUnknown(_ key: String) -> Bool { unknownKeys.contains(key) }

    func cachedUserID() -> String? { userID }
    func remember(userID: String) { self.userID = userID }
}
