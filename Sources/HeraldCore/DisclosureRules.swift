import Foundation

/// The pure rules of a delegated session, kept apart from the database that applies them inside its claim
/// transaction, so they can be tested exhaustively.
///
/// Positions count the statuses Herald publishes on the account for the session, from 1, thread parts included,
/// the announcement included (it is normally position 1). With `every` = 10:
///
/// | statuses already published | next position | next status       |
/// |----------------------------|---------------|-------------------|
/// | 0 (announcement not out)   | 1             | the announcement  |
/// | 1 … 8                      | 2 … 9         | whatever is due   |
/// | 9                          | 10            | a reminder        |
/// | 10 … 18                    | 11 … 19       | whatever is due   |
/// | 19                         | 20            | a reminder        |
public enum DisclosureRules {
    /// Whether a disclosure of a session in `sessionState` (nil: the session is no longer configured) must never
    /// be published, and is cancelled when it comes due: an announcement of a session that is over or gone, a
    /// reminder outside its session, a closing of a session that is gone. The claim carries this out.
    public static func isStale(_ kind: DisclosureKind, sessionState: SessionState?) -> Bool {
        switch kind {
        case .announcement: sessionState == nil || sessionState == .ended
        case .reminder: sessionState != .active
        case .closing: sessionState == nil
        }
    }

    /// Whether a disclosure target must go before anything else: nil once it is out, failed or cancelled (the
    /// account goes on without it); claimed when due, or at once when `forceEarly` and never attempted (the
    /// announcement of a session that has started); otherwise the account waits for it (a retry, or an attempt in
    /// flight: looked at again a second later).
    public static func pick(
        _ target: Int64, progress: DisclosureProgress, now: Date, forceEarly: Bool
    ) -> SessionPick? {
        switch progress {
        case let .scheduled(due, attempts):
            let ready = due <= now.timeIntervalSince1970 || (forceEarly && attempts == 0)
            return ready ? .claim(target) : .wait(until: Date(timeIntervalSince1970: due))
        case .publishing:
            return .wait(until: now.addingTimeInterval(1))
        case .finished:
            return nil
        }
    }

    /// Whether the status at 1-based `position` must be a reminder.
    public static func isReminderPosition(_ position: Int, every: Int) -> Bool {
        every > 0 && position > 0 && position % every == 0
    }

    /// Whether the next status, after `published` statuses of the session, must be a reminder.
    public static func nextIsReminder(published: Int, every: Int) -> Bool {
        isReminderPosition(published + 1, every: every)
    }

    /// The position of the next reminder after `published` statuses (the next one itself when it is due).
    public static func nextReminderPosition(published: Int, every: Int) -> Int {
        guard every > 0 else { return 0 }
        return (published / every + 1) * every
    }

    /// Whether `text` fits in one status on `network`. The only place the session rules ask for a length, so a
    /// more exact measure (content warnings, instance settings) can replace this without touching the rules.
    public static func fits(_ text: String, network: Network, mastodon: MastodonSettings = .standard) -> Bool {
        TextLength.fits(text, network: network, mastodon: mastodon)
    }

    /// The text to publish for a status by `author` while `session` is active, and what the `#team` rule did:
    /// nil for a status that is not a team post (the owner's, or one without `Author:`), which is never tagged.
    /// `contentWarning` is the post's `Content-Warning:`, which Mastodon counts with the text.
    public static func tag(
        _ text: String, author: String?, session: Session, network: Network, mastodon: MastodonSettings = .standard,
        contentWarning: String = ""
    ) -> (text: String, decision: HashtagDecision?) {
        guard session.isDelegate(author) else { return (text, nil) }
        let tagged = text + " " + session.hashtag
        let fits = TextLength.fits(tagged, network: network, mastodon: mastodon, contentWarning: contentWarning)
        return fits ? (tagged, .added) : (text, .dropped)
    }
}
