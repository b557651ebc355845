/// What one delegated session has published so far, counted from the ledger (`statuses.session`), for
/// `herald sessions`.
public struct SessionSummary: Sendable, Equatable {
    /// Statuses published in the session, disclosures included: the position the last one took.
    public var published: Int
    /// Announcement, reminders and closing published.
    public var disclosures: Int
    /// Team statuses that went out with the hashtag.
    public var tagged: Int
    /// Team statuses that went out without it, too long for it.
    public var untagged: Int

    public init(published: Int = 0, disclosures: Int = 0, tagged: Int = 0, untagged: Int = 0) {
        self.published = published
        self.disclosures = disclosures
        self.tagged = tagged
        self.untagged = untagged
    }
}
