import Foundation
import HeraldCore
import HeraldStore

/// One line of `herald sessions --json`.
struct SessionItem: Encodable {
    var name: String
    var account: String
    var state: String
    var start: String
    var end: String
    var every: Int
    /// Statuses published in the session so far, disclosures included.
    var published: Int
    var disclosures: Int
    /// The position the next reminder takes; null once the session is over.
    var nextReminder: Int?
    var teamTagged: Int
    var teamUntagged: Int

    enum CodingKeys: String, CodingKey {
        case name, account, state, start, end, every, published, disclosures
        case nextReminder = "next_reminder"
        case teamTagged = "team_tagged"
        case teamUntagged = "team_untagged"
    }

    init(session: Session, summary: SessionSummary, now: Date) {
        name = session.name
        account = session.account
        let state = session.state(at: now)
        self.state = state.rawValue
        start = RFC3339.string(from: session.start)
        end = RFC3339.string(from: session.end)
        every = session.every
        published = summary.published
        disclosures = summary.disclosures
        nextReminder =
            state == .ended
            ? nil : DisclosureRules.nextReminderPosition(published: summary.published, every: session.every)
        teamTagged = summary.tagged
        teamUntagged = summary.untagged
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(account, forKey: .account)
        try container.encode(state, forKey: .state)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(every, forKey: .every)
        try container.encode(published, forKey: .published)
        try container.encode(disclosures, forKey: .disclosures)
        try container.encode(nextReminder, forKey: .nextReminder)  // null when over, not omitted
        try container.encode(teamTagged, forKey: .teamTagged)
        try container.encode(teamUntagged, forKey: .teamUntagged)
    }

    /// One human-readable line.
    var line: String {
        let next = nextReminder.map { "next reminder at #\($0)" } ?? "over"
        return "\(name)  \(account)  \(state)  \(start) – \(end)  \(published) published; \(next); "
            + "team posts: \(teamTagged) tagged, \(teamUntagged) too long for the tag"
    }
}
