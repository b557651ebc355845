import Foundation
import HeraldCore

/// `[[sessions]]` typed into `Session`s: the checks that need the accounts (zones for local times, length limits for
/// the texts) and the other sessions (no overlap on one account). A session whose texts cannot be published would
/// only fail in the middle of the session, so every such problem is a config error, with the line of its key.
extension ConfigBuilder {
    static let sessionKeys = [
        "name", "account", "start", "end", "announce_at", "delegates", "announce", "reminder", "closing", "every",
        "hashtag",
    ]

    /// One session table (its `name` and `account` already checked), typed. `earlier` are the sessions read so far,
    /// with their readers, for the overlap check.
    func readSession(
        _ reader: TableReader, name: String, account: Account, delegates: [String], every: Int,
        earlier: [(Session, TableReader)]
    ) throws(ConfigError) -> Session {
        try reader.rejectUnknownKeys(allowed: Self.sessionKeys)
        guard every >= 2 else {
            throw reader.error(.invalidValue(key: "every", reason: "must be at least 2 (\(every))"), key: "every")
        }
        guard let start = try sessionTime(reader, "start", zone: account.timeZone) else {
            throw reader.error(.missingKey("start"))
        }
        guard let end = try sessionTime(reader, "end", zone: account.timeZone) else {
            throw reader.error(.missingKey("end"))
        }
        guard start < end else {
            throw reader.error(.invalidValue(key: "end", reason: "must be after start"), key: "end")
        }
        let announceAt = try sessionTime(reader, "announce_at", zone: account.timeZone)
        if let announceAt, announceAt >= end {
            throw reader.error(.invalidValue(key: "announce_at", reason: "must be before end"), key: "announce_at")
        }
        for (index, delegate) in delegates.enumerated() {
            let path: ConfigPath = [.key("delegates"), .index(index)]
            if delegate.allSatisfy(\.isWhitespace) { throw reader.error(.emptyValue(key: "delegates"), at: path) }
            if delegate == account.owner {
                let reason = "\"\(delegate)\" is the account's owner, whose posts are never team posts"
                throw reader.error(.invalidValue(key: "delegates", reason: reason), at: path)
            }
        }
        guard let announce = try sessionText(reader, "announce", account: account) else {
            throw reader.error(.missingKey("announce"))
        }
        guard let reminder = try sessionText(reader, "reminder", account: account) else {
            throw reader.error(.missingKey("reminder"))
        }
        let closing = try sessionText(reader, "closing", account: account)
        let hashtag = try reader.string("hashtag") ?? "#team"
        guard hashtag.count >= 2, hashtag.hasPrefix("#"), !hashtag.contains(where: \.isWhitespace) else {
            let reason = "must be one hashtag such as \"#team\", not \"\(hashtag)\""
            throw reader.error(.invalidValue(key: "hashtag", reason: reason), key: "hashtag")
        }
        let session = Session(
            name: name, account: account.name, start: start, end: end, announceAt: announceAt, delegates: delegates,
            announce: announce, reminder: reminder, closing: closing, every: every, hashtag: hashtag
        )
        if let (other, otherReader) = earlier.first(where: { $0.0.account == account.name && $0.0.overlaps(session) }) {
            let at = otherReader.line(of: "start").map { " (line \($0))" } ?? ""
            let reason = "overlaps session \"\(other.name)\"\(at) on account \(account.name)"
            throw reader.error(.invalidValue(key: "start", reason: reason), key: "start")
        }
        return session
    }

    /// A session time: the post files' syntax; a local time without a zone is in the account's zone.
    func sessionTime(_ reader: TableReader, _ key: String, zone: TimeZone) throws(ConfigError) -> Date? {
        guard let text = try reader.string(key) else { return nil }
        let spec: TimeSpec
        do {
            spec = try TimeSpec.parse(text)
        } catch {
            throw reader.error(.invalidValue(key: key, reason: error.description), key: key)
        }
        if spec == .now {
            let reason = "must be a date and time such as \"2027-01-07 08:00\", not now"
            throw reader.error(.invalidValue(key: key, reason: reason), key: key)
        }
        return spec.resolve(now: Date(timeIntervalSince1970: 0), zone: zone)
    }

    /// A disclosure text: not blank, and short enough to be published on the account as it is.
    func sessionText(_ reader: TableReader, _ key: String, account: Account) throws(ConfigError) -> String? {
        guard let text = try reader.nonEmptyString(key) else { return nil }
        let network = account.lengthRules
        guard DisclosureRules.fits(text, network: network, mastodon: account.mastodon) else {
            let measured = TextLength.measurement(of: text, network: network, mastodon: account.mastodon)
            let reason: String =
                switch measured.problem {
                case let .tooLong(length, limit)?:
                    "\(length) characters, over the \(limit) that \(network.rawValue) allows"
                case let problem?: "\(problem); \(network.rawValue) would refuse it"
                case nil: "\(network.rawValue) would refuse it"
                }
            throw reader.error(.invalidValue(key: key, reason: reason), key: key)
        }
        return text
    }
}
