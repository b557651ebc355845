import Foundation
import HeraldCore
import HeraldStore

/// One status's engagement in `herald history --metrics --json`: `{"part", "seq", "remote_id", "ages": {"1h":
/// {"fetched_at", "likes", "reposts", "replies", "quotes", "impressions"}, …}, "next_fetch_at", "gone_at"}`
/// (`quotes` and `impressions` null where the network gives none; `next_fetch_at` null once done).
struct MetricsItem: Encodable {
    struct Age: Encodable {
        var fetchedAt: String
        var metrics: StatusMetrics

        enum CodingKeys: String, CodingKey {
            case fetchedAt = "fetched_at"
            case likes, reposts, replies, quotes, impressions
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fetchedAt, forKey: .fetchedAt)
            try container.encode(metrics.likes, forKey: .likes)
            try container.encode(metrics.reposts, forKey: .reposts)
            try container.encode(metrics.replies, forKey: .replies)
            try container.encode(metrics.quotes, forKey: .quotes)
            try container.encode(metrics.impressions, forKey: .impressions)
        }
    }

    var part: Int
    var seq: Int
    var remoteID: String
    var ages: [String: Age]
    var nextFetchAt: String?
    var goneAt: String?
    /// The figures in age order, for the text output.
    var ordered: [(label: String, metrics: StatusMetrics)]

    init(_ record: StatusMetricsRecord) {
        part = record.part
        seq = record.seq
        remoteID = record.remoteID
        ages = Dictionary(uniqueKeysWithValues: record.fetches.map {
            (MetricsSchedule.label($0.age), Age(fetchedAt: RFC3339.string(from: $0.fetchedAt), metrics: $0.metrics))
        })
        ordered = record.fetches.map { (MetricsSchedule.label($0.age), $0.metrics) }
        nextFetchAt = record.dueAt.map { RFC3339.string(from: $0) }
        goneAt = record.goneAt.map { RFC3339.string(from: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case part, seq, ages
        case remoteID = "remote_id"
        case nextFetchAt = "next_fetch_at"
        case goneAt = "gone_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(part, forKey: .part)
        try container.encode(seq, forKey: .seq)
        try container.encode(remoteID, forKey: .remoteID)
        try container.encode(ages, forKey: .ages)
        try container.encode(nextFetchAt, forKey: .nextFetchAt)
        try container.encode(goneAt, forKey: .goneAt)
    }

    /// `part 1 (ID): 1h 3 likes 1 reposts 0 replies · 24h 12 likes 4 reposts 2 replies 1 quotes`, with
    /// `· gone since T` once the network no longer has it, or `no figures yet`.
    var line: String {
        var figures = ordered.map { label, metrics in
            "\(label) \(metrics.likes) likes \(metrics.reposts) reposts \(metrics.replies) replies"
                + (metrics.quotes.map { " \($0) quotes" } ?? "")
                + (metrics.impressions.map { " \($0) impressions" } ?? "")
        }.joined(separator: " · ")
        if figures.isEmpty { figures = "no figures yet" }
        if let goneAt { figures += " · gone since \(goneAt)" }
        return "part \(part + 1) (\(remoteID)): \(figures)"
    }
}
