import ArgumentParser
import Foundation
import HeraldStore

/// `herald cancel ID`: success is a promise that the post is never published.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a scheduled post on every account it was still waiting for."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The post id (from herald queue).", valueName: "ID"))
    var id: String

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let outcome: CancelOutcome
            do {
                outcome = try options.database(config).cancel(postID: id, now: Date())
            } catch {
                throw CLIError.invalid("\(error)")
            }
            switch outcome {
            case let .cancelled(accounts):
                for account in accounts { CLIJournal.event(.cancelled, "post cancelled", postID: id, account: account) }
                print("cancelled \(id) (\(accounts.joined(separator: ", ")))")
                // The freed instant may suit other planned posts better.
                _ = try? QueueChange.replan(try options.database(config), config: config, accounts: Set(accounts),
                                            now: Date())
            case let .busy(account):
                throw CLIError.invalid("\(id) is being published on \(account) right now; nothing was cancelled")
            case let .alreadyFinished(states):
                let summary = states.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.rawValue)" }
                throw CLIError.invalid("\(id) has nothing left to cancel (\(summary.joined(separator: ", ")))")
            }
        }
    }
}
