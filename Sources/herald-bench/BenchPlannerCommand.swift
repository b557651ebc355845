import ArgumentParser
import HeraldBench

/// `herald-bench planner`: the planner benchmark `make bench` prints — 10,000 posts for 100 accounts over 14 days,
/// timed, with Herald's reach against three baselines.
struct BenchPlannerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planner", abstract: "Time the planner on the benchmark instance."
    )

    func run() throws {
        print(PlannerBenchmark.run(clock: ContinuousClock()))
    }
}
