import Foundation
import HeraldCore
import HeraldStore

/// One entry of `herald feeds --json`: a configured feed and what the database remembers of its polls.
struct FeedItemLine: Encodable {
    var name: String
    var source: String
    var account: String
    var every: Double
    var hold: Bool
    /// `ok`, `failing`, `new` (never read, or read only from another source).
    var state: String
    var primedAt: String?
    var polledAt: String?
    var seenItems: Int
    var lastError: String?
    var failingSince: String?

    enum CodingKeys: String, CodingKey {
        case name, source, account, every, hold, state
        case primedAt = "primed_at"
        case polledAt = "polled_at"
        case seenItems = "seen_items"
        case lastError = "last_error"
        case failingSince = "failing_since"
    }

    init(feed: Feed, record: FeedRecord?) {
        name = feed.name
        source = feed.source.description
        account = feed.account
        every = feed.every
        hold = feed.hold
        let primed = record?.isPrimed(from: source) == true
        state = record?.lastError != nil ? "failing" : primed ? "ok" : "new"
        primedAt = primed ? record?.primedAt.map(RFC3339.string) : nil
        polledAt = record?.polledAt.map(RFC3339.string)
        seenItems = primed ? record?.seenItems ?? 0 : 0
        lastError = record?.lastError
        failingSince = record?.failingSince.map(RFC3339.string)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(source, forKey: .source)
        try container.encode(account, forKey: .account)
        try container.encode(every, forKey: .every)
        try container.encode(hold, forKey: .hold)
        try container.encode(state, forKey: .state)
        try container.encode(primedAt, forKey: .primedAt)  // null, not omitted
        try container.encode(polledAt, forKey: .polledAt)
        try container.encode(seenItems, forKey: .seenItems)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(failingSince, forKey: .failingSince)
    }

    /// `blog  ok  brand  https://…  41 seen, last poll 2026-12-04T20:30:00Z` (and the error when failing).
    var line: String {
        var text = "\(name)  \(state)  \(account)  \(source)  \(seenItems) seen"
        if let polledAt { text += ", last poll \(polledAt)" }
        if let lastError, let failingSince { text += "; failing since \(failingSince): \(lastError)" }
        return text
    }
}
