import ArgumentParser
import Foundation
import HeraldCore

/// `herald queue [--json]`: posts still to go out, soonest first.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "List scheduled posts.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let entries = try options.database(config).queue()
            let items = entries.map { entry in
                QueueItem(id: entry.postID, account: entry.account, state: entry.state.rawValue,
                          scheduledAt: entry.scheduledAt, zone: config.account(named: entry.account)?.timeZone,
                          author: entry.author, text: entry.text)
            }
            try JSONOutput.list(items, json: json, empty: "nothing queued", line: \.line)
        }
    }
}
