import ArgumentParser
import HeraldConfig

/// `herald check-config`: loads the configuration as heraldd would, and says what is wrong with it.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration file (exit 0 when valid)."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let accounts = config.accounts.map { "\($0.name) (\($0.network.rawValue))" }
            print("\(options.config): ok; accounts: \(accounts.joined(separator: ", "))")
        }
    }
}
