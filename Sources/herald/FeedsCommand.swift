import ArgumentParser
import Foundation
import HeraldCore

/// `herald feeds [--json]`: the configured feeds, whether their polls work, and how many items each remembers.
struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "List the feeds with their last poll, items seen and any failure.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let records = try options.database(config).feeds()
            let items = config.feeds.map { feed in
                FeedItemLine(feed: feed, record: records.first { $0.name == feed.name })
            }
            try JSONOutput.list(items, json: json, empty: "no feeds configured", line: \.line)
        }
    }
}
