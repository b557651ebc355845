import ArgumentParser
import Foundation
import HeraldCore

/// `herald sessions [--json]`: the configured delegated sessions and what each has published so far.
struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List delegated sessions with their state and disclosures.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let database = try options.database(config)
            let now = Date()
            let items = try config.sessions.map { session in
                SessionItem(session: session, summary: try database.sessionSummary(session), now: now)
            }
            try JSONOutput.list(items, json: json, empty: "no sessions configured", line: \.line)
        }
    }
}
