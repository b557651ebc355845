import ArgumentParser
import Foundation
import HeraldCore

/// `herald nodes [--json]`: the heraldd nodes sharing the database (issue 17), whether each is live, and the
/// accounts each holds.
struct NodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes", abstract: "List the heraldd nodes sharing the database and the accounts each holds.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            guard config.daemon.database != nil else {
                throw CLIError.invalid("the state is SQLite under \(config.daemon.state): one node, no cluster "
                    + "(nodes share a PostgreSQL database: [daemon] database)")
            }
            let now = Date()
            let items = try options.database(config).nodes().map {
                NodeItemLine(record: $0, lease: config.daemon.lease, now: now)
            }
            try JSONOutput.list(items, json: json, empty: "no node has joined yet", line: \.line)
        }
    }
}
