import ArgumentParser

/// `herald-bench`: the benchmarks `make bench` runs in-process. Built with the package, never installed
/// (`make install` copies heraldd and herald only).
@main
struct HeraldBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald-bench",
        abstract: "Herald's in-process benchmarks (make bench).",
        subcommands: [
            BenchPlannerCommand.self, BenchIntakeCommand.self, BenchFillCommand.self, BenchFeedCommand.self,
            BenchScrapeCommand.self, BenchMetricsCommand.self,
        ]
    )
}
