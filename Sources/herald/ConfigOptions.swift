import Foundation
import ArgumentParser
import HeraldConfig
import HeraldCore
import HeraldPublishers
import HeraldStore

/// The options every subcommand shares: where the configuration is, and the same path overrides as heraldd.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "FILE"))
    var config: String = ConfigLoader.defaultPath

    @Option(name: .long, help: ArgumentHelp("The spool directory (overrides the configuration).", valueName: "DIR"))
    var spool: String?

    @Option(name: .long, help: ArgumentHelp("The state directory (overrides the configuration).", valueName: "DIR"))
    var state: String?

    /// Loads the configuration or exits 1 with the file, line and reason.
    func load() throws -> HeraldConfiguration {
        do {
            var loaded = try ConfigLoader.load(path: config)
            if let spool { loaded.daemon.spool = spool }
            if let state { loaded.daemon.state = state }
            return loaded
        } catch {
            throw CLIError.invalid(error.description)
        }
    }

    /// The state database when there is one, for commands that only read it and work without it (`plan`,
    /// `audience`); opening would create it.
    func existingDatabase(_ configuration: HeraldConfiguration) throws -> AppDatabase? {
        guard configuration.daemon.database == nil else { return try database(configuration) }
        let path = AppDatabase.path(inStateDirectory: configuration.daemon.state)
        return FileManager.default.fileExists(atPath: path) ? try database(configuration) : nil
    }

    /// Opens the state database named by the configuration: the SQLite file under `state`, or the shared
    /// PostgreSQL database with the password from `database_password` (issue 17).
    func database(_ configuration: HeraldConfiguration) throws -> AppDatabase {
        do {
            let password = try CredentialSource().databasePassword(for: configuration.daemon)
            return try AppDatabase(settings: configuration.daemon, password: password)
        } catch let error as CredentialError {
            throw CLIError.invalid(error.description)
        } catch {
            throw CLIError.invalid(String(describing: error))
        }
    }
}
