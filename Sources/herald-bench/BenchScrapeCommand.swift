import ArgumentParser
import Foundation
import HeraldStore

/// `herald-bench scrape`: what one Prometheus scrape reads from a state database (the queue depths per account
/// and state), timed, for the scale rows of `make bench`.
struct BenchScrapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrape", abstract: "Time the queue-depth read of a metrics scrape on a state database."
    )

    @Option(help: "The state directory holding herald.sqlite.")
    var state: String

    func run() throws {
        let database = try AppDatabase(path: AppDatabase.path(inStateDirectory: state))
        let clock = ContinuousClock()
        var depths: [QueueDepth] = []
        var times: [Duration] = []
        for _ in 0..<5 { times.append(try clock.measure { depths = try database.queueDepths() }) }
        let median = times.sorted()[2]
        let milliseconds = Double(median.components.seconds) * 1000 + Double(median.components.attoseconds) / 1e15
        let waiting = depths.reduce(0) { $0 + $1.count }
        print(String(format: "metrics scrape: queue depths of %d waiting posts in %d series read in %.1f ms "
                     + "(median of 5)", waiting, depths.count, milliseconds))
    }
}
