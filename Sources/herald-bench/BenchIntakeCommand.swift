import ArgumentParser
import Foundation
import HeraldBench

/// `herald-bench intake`: the planner benchmark's posts loaded through the store, re-planned inline after every
/// batch and deferred then settled, with the reach of both queues against the one-shot plan.
struct BenchIntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake", abstract: "Load the planner benchmark's posts through the store, inline and deferred."
    )

    func run() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-bench-intake-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        print(try IntakeBenchmark.run(clock: ContinuousClock(), directory: directory))
    }
}
