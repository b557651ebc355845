import Foundation

/// What an ``XPublisher`` remembers between attempts (one actor per account, shared by its concurrent
/// publishes): the rate-limit window, the statuses whose last attempt had an unknown outcome, and the user id.
///
/// The unknown outcomes are also kept in `file` (`STATE/networks/ACCOUNT/x-unknown-outcomes.json`), so a restart
/// still knows that a "duplicate content" refusal means the earlier attempt went out. The file is read once and
/// rewritten whole, so there must be one state per file in the process: publishers get it from
/// ``StateRegistry``, which a reload's new publisher shares with the old one.
actor XAccountState {
    private var blocked: Date?
    private var unknown: UnknownOutcomes
    private var userID: String?
    /// The end of the exhausted window of `GET /2/tweets` (metrics): X limits each endpoint on its own, so it is
    /// kept apart from publishing's window, which a metrics fetch must neither spend nor block.
    private var lookupBlocked: Date?

    init(userID: String?, file: URL? = nil) {
        self.userID = userID
        unknown = UnknownOutcomes(file: file)
    }

    /// The end of an exhausted rate-limit window, when it is still ahead of `now`.
    func blockedUntil(now: Date) -> Date? {
        guard let blocked, blocked > now else { return nil }
        return blocked
    }

    /// Takes in an exhausted window another node saw (issue 17).
    func adoptBlock(until: Date) {
        blocked = max(blocked ?? until, until)
    }

    /// Takes in the limits a response announced.
    func note(_ limit: XRateLimit) {
        if let until = limit.blockedUntil {
            blocked = max(blocked ?? until, until)
        } else if limit.remaining != nil || limit.userRemaining != nil {
            blocked = nil  // a fresh window
        }
    }

    /// The end of the metrics look-ups' exhausted window, when it is still ahead of `now`.
    func lookupBlockedUntil(now: Date) -> Date? {
        guard let lookupBlocked, lookupBlocked > now else { return nil }
        return lookupBlocked
    }

    /// Takes in the limits a metrics look-up's response announced.
    func noteLookup(_ limit: XRateLimit) {
        lookupBlocked = limit.remaining == 0 ? limit.reset : nil
    }

    func markUnknown(_ key: String) { unknown.mark(key) }
    func clearUnknown(_ key: String) { unknown.clear(key) }
    func isUnknown(_ key: String) -> Bool { unknown.contains(key) }

    func cachedUserID() -> String? { userID }
    func remember(userID: String) { self.userID = userID }
}
