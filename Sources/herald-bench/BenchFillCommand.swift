import ArgumentParser
import Foundation
import HeraldBench
import HeraldConfig
import HeraldStore

/// `herald-bench fill`: queues posts with explicit times for the config's accounts straight into a state
/// database, for the scale rows of `make bench` (see ``QueueFill``).
struct BenchFillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill", abstract: "Queue posts with explicit times into a state database."
    )

    @Option(help: "The configuration whose accounts receive the posts.")
    var config: String

    @Option(help: "The state directory (its herald.sqlite is created when missing).")
    var state: String

    @Option(help: "How many posts to queue.")
    var posts: Int

    @Option(help: "Days after now over which the posts' times are spread.")
    var days: Double = 30

    func run() throws {
        let configuration = try ConfigLoader.load(path: config)
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let database = try AppDatabase(path: AppDatabase.path(inStateDirectory: state))
        let now = Date()
        try QueueFill.fill(database, accounts: configuration.accounts, posts: posts,
                           start: now.addingTimeInterval(86_400), spread: days * 86_400, now: now)
    }
}
