import ArgumentParser
import Foundation
import HeraldDaemon
import HeraldSystemd
import Logging
import ServiceLifecycle
import UnixSignals

/// `heraldd`: the Herald daemon, in the foreground (systemd style: no forking, logs to stderr or the journal).
@main
struct Heraldd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heraldd",
        abstract: "Publish the posts dropped into Herald's spool at the right time."
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "FILE"))
    var config: String = "/etc/herald/herald.toml"

    @Option(name: .long, help: ArgumentHelp("The spool directory (overrides the configuration).", valueName: "DIR"))
    var spool: String?

    @Option(name: .long, help: ArgumentHelp("The state directory (overrides the configuration).", valueName: "DIR"))
    var state: String?

    func run() async throws {
        Capabilities.dropAmbient()
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label) }
        let logger = Logger(label: "heraldd")
        let daemon = Daemon(options: DaemonOptions(configPath: config, spool: spool, state: state), logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: daemon)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "heraldd.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() })
        ))
        let reloads = Task {
            for await _ in await UnixSignalsSequence(trapping: .sighup) { daemon.reload() }
        }
        defer { reloads.cancel() }
        do {
            try await group.run()
        } catch let error as DaemonError {
            logger.critical("cannot start: \(error)")
            throw ExitCode(1)
        } catch let error as ServiceGroupError {
            FileHandle.standardError.write(Data("heraldd: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
