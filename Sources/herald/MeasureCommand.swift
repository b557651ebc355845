import ArgumentParser
import Foundation
import HeraldCore

/// `herald measure --network N [--json]`: the length of standard input as a network counts it.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Print the length of standard input (nothing trimmed) as a network counts it."
    )

    @Option(help: ArgumentHelp("x, mastodon, bluesky, threads or linkedin.", valueName: "NETWORK"))
    var network: MeasuredNetwork

    @Flag(help: "Print {\"network\", \"length\", \"limit\", \"ok\"}.")
    var json = false

    struct Report: Encodable {
        var network: String
        var length: Int
        var limit: Int
        var ok: Bool
    }

    func run() throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            printError("standard input is not valid UTF-8")
            throw ExitCode(1)
        }
        let measured = TextLength.measurement(of: text, network: network.network)
        let report = Report(network: network.rawValue, length: measured.length, limit: measured.limit,
                            ok: measured.isValid)
        if json {
            try JSONOutput.print(report)
        } else {
            print("\(measured.length)/\(measured.limit)" + (measured.problem.map { " (\($0))" } ?? ""))
        }
    }
}

/// The networks `measure` knows.
enum MeasuredNetwork: String, ExpressibleByArgument, CaseIterable {
    case x, mastodon, bluesky, threads, linkedin

    var network: Network { Network(rawValue: rawValue)! }
}
