import ArgumentParser
import Foundation
import HeraldStore

/// `herald resume ACCOUNT`: ends the pause of an account whose credentials the network refused, for when they work
/// again without being replaced (the app authorized anew for the same token, the account restored). New
/// credentials need no command: a reload resumes the account by itself.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "End the pause of an account whose credentials were refused (then reload heraldd).",
        discussion: "The running daemon takes it on its next reload (systemctl reload herald) or start; if the "
            + "network still refuses the credentials, the account is paused again."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The paused account.", valueName: "ACCOUNT"))
    var account: String

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            guard config.account(named: account) != nil else {
                throw CLIError.invalid("\"\(account)\" is not a configured account")
            }
            let database = try options.database(config)
            do {
                guard try database.pauses()[account] != nil else {
                    print("\(account) is not paused")
                    return
                }
                try database.resume(account: account)
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError.invalid("\(error)")
            }
            CLIJournal.account(.resumed, "account resumed by herald resume", account: account)
            print("\(account) resumed; reload heraldd (systemctl reload herald) to publish its posts again")
        }
    }
}
