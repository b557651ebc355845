import ArgumentParser
import Foundation
import HeraldCore

/// `herald history [--json]`: what was published, failed or cancelled, most recent first.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List published, failed and cancelled posts, newest first."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    @Option(help: "How many entries at most.")
    var limit = 100

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

        enum CodingKeys: String, CodingKey {
            case id, account, state, author, text, attempts, error
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
        }
    }

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let items = try options.database(config).history(limit: limit).map { entry in
                Item(id: entry.postID, account: entry.account, state: entry.state.rawValue,
                     scheduledAt: RFC3339.string(from: entry.scheduledAt),
                     finishedAt: entry.finishedAt.map { RFC3339.string(from: $0) }, author: entry.author,
                     text: entry.text, remoteIDs: entry.remoteIDs, attempts: entry.attempts, error: entry.lastError,
                     repeats: entry.series.map(RepeatItem.init))
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
                }
            }
        }
    }
}
