import Foundation

/// What a ``ThreadsPublisher`` keeps for its account (one actor per account for the process, from ``registry``):
/// the container records (``ThreadsContainerRecord``, `threads-containers.json`), the access token
/// (``RenewableToken``, `threads-token.json`) with its single-flight refresh, and the user id.
///
/// Threads' long-lived tokens last 60 days and can be refreshed once at least a day old; Herald refreshes when
/// fewer than ``refreshWithin`` remain. A refresh refused with code 190 means the token is dead (the account is
/// paused); any other failure keeps the current token, to try again a day later.
actor ThreadsAccountState {
    static let registry = StateRegistry<ThreadsAccountState>()
    /// Refresh when less than this is left (half the token's life).
    static let refreshWithin: TimeInterval = 30 * 86_400

    private let containersFile: URL
    private var slot: TokenSlot
    private var records: [String: ThreadsContainerRecord] = [:]
    private var recordsLoaded = false
    private var refreshing: Task<Result<String, ThreadsRefreshFailure>, Never>?
    var userID: String?

    init(directory: URL) {
        containersFile = directory.appendingPathComponent("threads-containers.json")
        slot = TokenSlot(file: directory.appendingPathComponent("threads-token.json"))
    }

    // MARK: Containers

    /// The record of `key`. Throws when the records cannot be read (not when there are none yet): believing there
    /// is no record could publish a post twice.
    func record(_ key: String) throws -> ThreadsContainerRecord? {
        try loadRecords()
        return records[key]
    }

    /// Saves `record` durably; throws when it cannot be written (then nothing may be published: an unrecorded
    /// container could be published twice). Records of posts published more than ``ThreadsContainerRecord/retention``
    /// ago are dropped; the others stay, however old, since an account can wait paused for weeks.
    func save(_ record: ThreadsContainerRecord, key: String, now: Date) throws {
        try loadRecords()
        var updated = records.filter { entry in
            guard let published = entry.value.publishedAt, entry.value.mediaID != nil else { return true }
            return now.timeIntervalSince(published) < ThreadsContainerRecord.retention
        }
        updated[key] = record
        try write(updated)
        records = updated
    }

    /// Forgets the record of `key` (its container expired or failed: the next attempt makes a new one).
    func forget(_ key: String) {
        guard (try? loadRecords()) != nil, let record = records[key] else { return }
        records[key] = nil
        do {
            try write(records)
        } catch {
            records[key] = record  // still on disk: keep believing it
        }
    }

    /// When Herald published posts (or replies) within the last `window`.
    func publishedTimes(reply: Bool, now: Date, window: TimeInterval) -> [Date] {
        guard (try? loadRecords()) != nil else { return [] }
        return records.values.compactMap { record in
            guard record.isReply == reply, let at = record.publishedAt, now.timeIntervalSince(at) < window else {
                return nil
            }
            return at
        }
    }

    /// Reads the records once: a missing file is none yet; a file that cannot be read or decoded is an error, and
    /// is tried again next time.
    private func loadRecords() throws {
        guard !recordsLoaded else { return }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        if let data = try AtomicFile.read(containersFile) {
            records = try decoder.decode([String: ThreadsContainerRecord].self, from: data)
        }
        recordsLoaded = true
    }

    private func write(_ records: [String: ThreadsContainerRecord]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        try AtomicFile.write(try encoder.encode(records), to: containersFile)
    }

    // MARK: Token

    /// The token to use at `now`, refreshed first when it is due. `initial` is the
    /// credentials' token: a saved token descending from other credentials is dropped for it. `refresh` performs
    /// `refresh_access_token` with the given token.
    func accessToken(
        initial: RenewableToken, now: Date,
        refresh: @escaping @Sendable (String) async
            -> Result<(token: String, expiresIn: TimeInterval?), ThreadsRefreshFailure>
    ) async -> Result<String, ThreadsRefreshFailure> {
        if let known = slot.token, known.origin != initial.origin { userID = nil }  // new credentials: maybe a new user
        var current = slot.current(initial: initial)
        guard current.needsRefresh(at: now, within: Self.refreshWithin) else { return .success(current.accessToken) }
        if let refreshing { return await refreshing.value }
        let stale = current.accessToken
        let task = Task<Result<String, ThreadsRefreshFailure>, Never> {
            let result = await refresh(stale)
            switch result {
            case .success(let fresh):
                current.accessToken = fresh.token
                current.expiresAt = fresh.expiresIn.map { now.addingTimeInterval($0) }
                current.lastRefreshAttempt = now
                do {
                    try current.save(to: self.slot.file)
                    self.slot.token = current
                } catch {
                    // The old token still works (a refresh does not revoke it): use it, and try again tomorrow.
                    var kept = self.slot.current(initial: initial)
                    kept.lastRefreshAttempt = now
                    self.slot.token = kept
                    return .success(stale)
                }
                return .success(fresh.token)
            case .failure(.refused(let reason)):
                return .failure(.refused(reason))
            case .failure(.failed):
                current.lastRefreshAttempt = now
                self.slot.token = current
                try? current.save(to: self.slot.file)
                return .success(stale)  // not dead: keep using it, ask again in a day
            }
        }
        refreshing = task
        let result = await task.value
        refreshing = nil
        return result
    }

    /// When the token expires, if known.
    func tokenExpiry(initial: RenewableToken) -> Date? {
        slot.current(initial: initial).expiresAt
    }

}

/// Why a Threads token refresh did not give a new token.
enum ThreadsRefreshFailure: Error, Sendable, Equatable {
    /// Code 190: the token is dead; the account needs new credentials.
    case refused(String)
    /// Anything else (network, too young, 5xx): the current token is kept.
    case failed(String)
}
