import ArgumentParser
import HeraldBench

/// `herald-bench feed`: a large RSS feed parsed, its new items chosen and rendered.
struct BenchFeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Parse a large RSS feed, choose its new items and render them."
    )

    @Option(help: "Items in the feed.")
    var items = 6_000

    func run() throws {
        print(try FeedBenchmark.run(clock: ContinuousClock(), items: items))
    }
}
