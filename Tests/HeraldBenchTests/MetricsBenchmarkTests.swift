import Foundation
import Testing
import HeraldBench

@Suite("MetricsBenchmark")
struct MetricsBenchmarkTests {
    @Test("a small run reports every size and call (no figure is judged: timings are for make bench)")
    func smallRun() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-metrics-bench-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = try MetricsBenchmark.run(clock: ContinuousClock(), directory: directory, sizes: [200, 500],
                                              repeats: 3)
        #expect(report.rows.map(\.statuses) == [200, 500])
        #expect(report.description.contains("500 statuses") && report.description.contains("record 100 answers"))
    }
}
