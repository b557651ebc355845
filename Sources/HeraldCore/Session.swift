import Foundation

/// A delegated session (`[[sessions]]` in herald.toml): a time span during which a team posts on someone's account,
/// and followers are told so (an announcement, a reminder every `every` statuses, `#team` on team posts when the
/// characters allow, an optional closing status). Validated at load: `start < end`, texts that fit the account's
/// limit, no overlap with another session of the same account.
public struct Session: Sendable, Equatable {
    public var name: String
    public var account: String
    /// When the session begins (included).
    public var start: Date
    /// When the session ends (excluded); the closing status is scheduled here.
    public var end: Date
    /// When the announcement goes out, when it should precede the start; nil means at `start`.
    public var announceAt: Date?
    /// `Author:` values whose posts are team posts. The account's owner is never one of them.
    public var delegates: [String]
    public var announce: String
    public var reminder: String
    public var closing: String?
    /// Positions `every`, `2 × every`, … of the session's status sequence are reminders.
    public var every: Int
    /// Appended (after a space) to team posts when the result still fits.
    public var hashtag: String

    public init(
        name: String, account: String, start: Date, end: Date, announceAt: Date? = nil, delegates: [String] = [],
        announce: String, reminder: String, closing: String? = nil, every: Int = 10, hashtag: String = "#team"
    ) {
        self.name = name
        self.account = account
        self.start = start
        self.end = end
        self.announceAt = announceAt
        self.delegates = delegates
        self.announce = announce
        self.reminder = reminder
        self.closing = closing
        self.every = every
        self.hashtag = hashtag
    }

    /// When the announcement is due.
    public var announcementTime: Date { announceAt ?? start }

    public func state(at now: Date) -> SessionState {
        if now < start { return .upcoming }
        return now < end ? .active : .ended
    }

    /// Whether a post by `author` is a team post. A post without `Author:` is the owner's.
    public func isDelegate(_ author: String?) -> Bool {
        guard let author else { return false }
        return delegates.contains(author)
    }

    /// Whether two sessions' spans share an instant (spans are half-open, so back-to-back sessions don't).
    public func overlaps(_ other: Session) -> Bool {
        start < other.end && other.start < end
    }

    /// The deterministic post id of a disclosure of this session: `s-NAME-a` (announcement), `s-NAME-c`
    /// (closing), `s-NAME-rP` (the reminder at position P). Being deterministic is what makes creating them
    /// idempotent: a retry or a crash can never create a second announcement or a second reminder for a position.
    public func disclosurePostID(_ kind: DisclosureKind, position: Int = 0) -> String {
        switch kind {
        case .announcement: "s-\(name)-a"
        case .reminder: "s-\(name)-r\(position)"
        case .closing: "s-\(name)-c"
        }
    }

    /// The text published for a disclosure of this session.
    public func text(for kind: DisclosureKind) -> String {
        switch kind {
        case .announcement: announce
        case .reminder: reminder
        case .closing: closing ?? ""
        }
    }
}
