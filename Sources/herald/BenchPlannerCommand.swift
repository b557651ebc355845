import ArgumentParser
import HeraldCore

/// `herald bench-planner` (hidden): the planner benchmark `make bench` prints — 10,000 posts for 100 accounts over
/// 14 days, timed, with Herald's reach against three baselines.
struct BenchPlannerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-planner", abstract: "Time the planner on the benchmark instance.", shouldDisplay: false
    )

    func run() throws {
        print(PlannerBenchmark.run(clock: ContinuousClock()))
    }
}
