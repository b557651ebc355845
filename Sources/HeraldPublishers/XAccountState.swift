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
    private var unknownKeys: Set<String> = []
    private var userID: String?
    private let file: URL?
    private var loaded = false

    init(userID: String?, file: URL? = nil) {
        self.userID = userID
        self.file = file
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

    func markUnknown(_ key: String) {
        load()
        if unknownKeys.insert(key).inserted { save() }
    }

    func clearUnknown(_ key: String) {
        load()
        if unknownKeys.remove(key) != nil { save() }
    }

    func isUnknown(_ key: String) -> Bool {
        load()
        return unknownKeys.contains(key)
    }

    private func load() {
        guard !loaded else { return }
        loaded = true
        guard let file, let data = try? AtomicFile.read(file),
              let keys = try? JSONDecoder().decode([String].self, from: data)
        else { return }
        unknownKeys.formUnion(keys)
    }

    /// Best effort: without the file, the in-memory set still serves this publisher.
    private func save() {
        guard let file, let data = try? JSONEncoder().encode(unknownKeys.sorted()) else { return }
        try? AtomicFile.write(data, to: file)
    }

    func cachedUserID() -> String? { userID }
    func remember(userID: String) { self.userID = userID }
}
