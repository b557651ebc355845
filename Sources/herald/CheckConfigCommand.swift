import ArgumentParser
import HeraldConfig
import HeraldCore

/// `herald check-config`: loads the configuration as heraldd would, says what is wrong with it, and otherwise what
/// the policy gate will use (word lists with their sizes and sources, terms, each account's rule settings).
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration file (exit 0 when valid).",
        discussion: """
            Prints the accounts, then what the policy gate will use: each profanity word list with its size and \
            where it came from (built in, a policy directory file), the confidential terms, the handles never \
            replied to, and every account's rule settings; then each feed with its source, account, interval and \
            whether its items wait for an approver; then each notify entry with its command or webhook, events, \
            accounts and timeout.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(name: .customLong("words"), help: ArgumentHelp(
        "Print the profanity word list in force for this language (one entry per line) instead.",
        valueName: "LANG"))
    var words: String?

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            if let words {
                let key = VoiceRule.key(for: words)
                guard let list = config.policy.profanity[key] else {
                    let known = config.policy.profanity.keys.sorted().joined(separator: ", ")
                    throw CLIError.invalid("no word list for \"\(words)\" (lists: \(known))")
                }
                for entry in list.entries { print(entry.word) }
                return
            }
            let accounts = config.accounts.map { "\($0.name) (\($0.network.rawValue))" }
            print("\(options.config): ok; accounts: \(accounts.joined(separator: ", "))")
            for line in config.policy.summary(accounts: config.accounts) { print("policy: \(line)") }
            for feed in config.feeds { print("feed: \(feed.summary)") }
            for target in config.notify { print("notify: \(target.summary)") }
        }
    }
}
