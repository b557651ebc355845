import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald queue [--json]`: posts still to go out, soonest first, a page at a time (issue 12): `--account`,
/// `--from`/`--to` and `--limit` choose the page; text output shows 100 by default and says how many more there
/// are, `--json` prints every match unless `--limit` says otherwise (the contract's array).
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "List scheduled posts.")
    static let textPage = 100

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    @Option(help: "Only the posts of this account.")
    var account: String?

    @Option(help: ArgumentHelp(
        "Only posts due at or after T (post-file time syntax; a local time without a zone is in --account's zone, "
            + "else UTC).", valueName: "T"))
    var from: String?

    @Option(help: ArgumentHelp("Only posts due before T.", valueName: "T"))
    var to: String?

    @Option(help: "At most N posts; 0 for all. Default: 100 in text, all with --json.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            var zone = TimeZone(identifier: "UTC")!
            if let account {
                guard let configured = config.account(named: account) else {
                    throw CLIError.invalid("--account: \"\(account)\" is not a configured account")
                }
                zone = configured.timeZone
            }
            func instant(_ text: String?, _ option: String) throws -> Date? {
                guard let text else { return nil }
                do {
                    return try TimeSpec.parse(text).resolve(now: Date(), zone: zone)
                } catch {
                    throw CLIError.invalid("--\(option): \(error)")
                }
            }
            let page = limit ?? (json ? 0 : Self.textPage)
            let filter = QueueFilter(account: account, from: try instant(from, "from"), to: try instant(to, "to"),
                                     limit: page == 0 ? nil : page)
            let database = try options.database(config)
            let entries = try database.queue(filter)
            let pauses = try database.pauses()
            let items = entries.map { entry in
                var item = QueueItem(id: entry.postID, account: entry.account, state: entry.state.rawValue,
                                     scheduledAt: entry.scheduledAt,
                                     zone: config.account(named: entry.account)?.timeZone, author: entry.author,
                                     text: entry.text)
                if entry.provisional { item.provisional = true }
                item.accountPaused = pauses[entry.account]?.reason
                item.repeats = entry.series.map(RepeatItem.init)
                return item
            }
            try JSONOutput.list(items, json: json, empty: "nothing queued", line: \.line)
            if !json, let shown = filter.limit, entries.count == shown {
                let more = try database.queueCount(filter) - shown
                if more > 0 {
                    printError("\(more) more not shown: --limit N (0 for all), --from T, --to T or --account A")
                }
            }
        }
    }
}
