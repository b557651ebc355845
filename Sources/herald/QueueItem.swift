import Foundation
import HeraldCore

/// One line of `herald queue --json` (and of `herald plan --json`), as DESIGN's CLI contract lists it.
struct QueueItem: Encodable {
    var id: String
    var account: String
    var state: String
    var scheduledAt: String
    var localTime: String
    var author: String?
    var text: String
    /// `herald plan` only: the reach of the status at `scheduled_at` (issue 4's formula, the account's audience).
    var reach: Double?
    /// `herald queue` only, and only when true: the daemon's planner has not placed it yet (issue 12); it waits at
    /// the end of its window until it does.
    var provisional: Bool?
    /// `herald queue` only, and only while it is so: the network refused the account's credentials (what it said);
    /// the post waits for new ones (issue 13).
    var accountPaused: String?
    /// Only for an occurrence of a repeating post (issue 14): its rule and which occurrence it is.
    var repeats: RepeatItem?

    enum CodingKeys: String, CodingKey {
        case id, account, state, author, text, reach, provisional
        case repeats = "repeat"
        case accountPaused = "account_paused"
        case scheduledAt = "scheduled_at"
        case localTime = "local_time"
    }

    init(id: String, account: String, state: String, scheduledAt: Date, zone: TimeZone?, author: String?,
         text: String, reach: Double? = nil)
    {
        self.reach = reach
        self.id = id
        self.account = account
        self.state = state
        self.scheduledAt = RFC3339.string(from: scheduledAt)
        localTime = RFC3339.local(scheduledAt, in: zone ?? TimeZone(identifier: "UTC")!)
        self.author = author
        self.text = text
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(account, forKey: .account)
        try container.encode(state, forKey: .state)
        try container.encode(scheduledAt, forKey: .scheduledAt)
        try container.encode(localTime, forKey: .localTime)
        try container.encode(author, forKey: .author)  // null when absent, not omitted
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(reach, forKey: .reach)
        try container.encodeIfPresent(provisional, forKey: .provisional)
        try container.encodeIfPresent(accountPaused, forKey: .accountPaused)
        try container.encodeIfPresent(repeats, forKey: .repeats)
    }

    /// One human-readable line.
    var line: String {
        let shortText = text.replacingOccurrences(of: "\n", with: " ")
        let clipped = shortText.count > 60 ? String(shortText.prefix(59)) + "…" : shortText
        let reachText = reach.map { "  reach \(String(format: "%.3f", $0))" } ?? ""
            + (provisional == true ? "  (planner pending)" : "")
            + (accountPaused != nil ? "  (account paused: needs new credentials)" : "")
            + (repeats.map { "  (\($0.summary))" } ?? "")
        return "\(id)  \(account)  \(state)  \(scheduledAt)  (\(localTime))\(reachText)  \(clipped)"
    }
}
