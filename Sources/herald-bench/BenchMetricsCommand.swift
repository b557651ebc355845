import ArgumentParser
import Foundation
import HeraldBench

/// `herald-bench metrics`: the due-metrics queries and recording on a small and a 100,000-status history.
struct BenchMetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Time the due-metrics queries on 1,000 and 100,000 published statuses."
    )

    func run() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-bench-metrics-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        print(try MetricsBenchmark.run(clock: ContinuousClock(), directory: directory))
    }
}
