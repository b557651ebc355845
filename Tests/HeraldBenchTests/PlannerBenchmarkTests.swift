import Foundation
import Testing
import HeraldBench

@Suite("PlannerBenchmark")
struct PlannerBenchmarkTests {
    @Test("a small run: the plan keeps the rules, beats every baseline and stays under the upper bound")
    func smallRun() {
        let instance = PlannerBenchmark.instance(seed: 5, accounts: 4, postsPerAccount: 30, days: 14)
        #expect(instance.requests.count == 120 && instance.posterZones.count == 120)
        let report = PlannerBenchmark.run(clock: ContinuousClock(), instance: instance, repetitions: 1)
        #expect(report.rows.map(\.strategy) == ["Herald planner", "on arrival", "slots 09:00/12:30/17:15",
                                                "09:00 poster's zone", "upper bound (no rules)"])
        let herald = report.rows[0].totalReach
        #expect(report.rows[0].placed == 120)
        for baseline in report.rows[1...3] { #expect(herald > baseline.totalReach, "\(baseline.strategy)") }
        #expect(herald <= report.rows[4].totalReach * (1 + 1e-9))
        #expect(report.description.contains("Herald planner"))
    }

    @Test func feedBenchmarkReadsEveryItemAndRendersTheNewOnesToFit() throws {
        let report = try FeedBenchmark.run(clock: ContinuousClock(), items: 300, fresh: 3)
        #expect(report.items == 300)
        #expect(report.rendered == 3)
        #expect(report.description.contains("300 items"))
    }
}
