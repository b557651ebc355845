import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald history [--json] [--metrics]`: what was published, failed or cancelled, most recent first; with
/// `--metrics`, each published status's engagement as fetched from its network.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List published, failed and cancelled posts, newest first."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    @Option(help: "How many entries at most.")
    var limit = 100

    @Flag(help: "Show each status's engagement fetched from its network (1 h, 24 h and 7 d after publication).")
    var metrics = false

    struct Item: Encodable {
        var id: String
        var account: String
        var state: String
        var scheduledAt: String
        var finishedAt: String?
        var author: String?
        var text: String
        var remoteIDs: [String]
        var attempts: Int
        var error: String?
        /// Only for an occurrence of a repeating post: its rule and which occurrence it was.
        var repeats: RepeatItem?
        /// One per published status, with `--metrics` only.
        var metrics: [MetricsItem]?

        enum CodingKeys: String, CodingKey {
            case id, account, state, author, text, attempts, error, metrics
            case repeats = "repeat"
            case scheduledAt = "scheduled_at"
            case finishedAt = "finished_at"
            case remoteIDs = "remote_ids"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(account, forKey: .account)
            try container.encode(state, forKey: .state)
            try container.encode(scheduledAt, forKey: .scheduledAt)
            try container.encode(finishedAt, forKey: .finishedAt)
            try container.encode(author, forKey: .author)
            try container.encode(text, forKey: .text)
            try container.encode(remoteIDs, forKey: .remoteIDs)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(error, forKey: .error)
            try container.encodeIfPresent(repeats, forKey: .repeats)
            try container.encodeIfPresent(metrics, forKey: .metrics)
        }
    }

    /// The figures of the entry's statuses; none on networks whose figures Herald does not fetch (their statuses
    /// would only ever show "no figures yet").
    private func statusMetrics(
        _ entry: HistoryEntry, config: HeraldConfiguration, database: AppDatabase
    ) throws -> [MetricsItem] {
        guard config.account(named: entry.account)?.network.hasMetrics == true else { return [] }
        return try database.statusMetrics(targetID: entry.targetID).map(MetricsItem.init)
    }

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let database = try options.database(config)
            let items = try database.history(limit: limit).map { entry in
                Item(id: entry.postID, account: entry.account, state: entry.state.rawValue,
                     scheduledAt: RFC3339.string(from: entry.scheduledAt),
                     finishedAt: entry.finishedAt.map { RFC3339.string(from: $0) }, author: entry.author,
                     text: entry.text, remoteIDs: entry.remoteIDs, attempts: entry.attempts, error: entry.lastError,
                     repeats: entry.series.map(RepeatItem.init),
                     metrics: metrics ? try statusMetrics(entry, config: config, database: database) : nil)
            }
            if json {
                try JSONOutput.print(items)
            } else if items.isEmpty {
                print("no history yet")
            } else {
                for item in items {
                    let text = item.text.replacingOccurrences(of: "\n", with: " ")
                    let detail = item.error.map { " — \($0)" } ?? (item.remoteIDs.isEmpty ? "" :
                        " as \(item.remoteIDs.joined(separator: ", "))")
                    let series = item.repeats.map { "  (\($0.summary))" } ?? ""
                    print("\(item.id)  \(item.account)  \(item.state)  \(item.finishedAt ?? "-")  "
                          + "\(text.prefix(50))\(detail)\(series)")
                    for status in item.metrics ?? [] { print("    " + status.line) }
                }
            }
        }
    }
}
