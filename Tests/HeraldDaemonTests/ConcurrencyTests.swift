import Foundation
import Testing

/// The CLI and the daemon share the state database (WAL): neither may fail because the other is busy.
@Suite("CLI and daemon at the same time")
struct ConcurrencyTests {
    @Test("queue, history and cancel succeed while the daemon accepts and publishes a burst")
    func cliDuringBurst() async throws {
        let h = try DaemonHarness()
        try await h.start()
        // Posts a minute ahead, to be cancelled during the burst.
        let later = wholeSecond(inAtLeast: 60)
        for index in 1...10 { try h.drop("later\(index).post", postText(["At: \(rfc3339(later))"], "later \(index)")) }
        var doomed: [String] = []
        for index in 1...10 { doomed.append(try await h.waitForAccepted("later\(index).post")) }

        for index in 1...150 { try h.drop("now\(index).post", postText(["At: now"], "now \(index)")) }
        var failures: [String] = []
        var calls = 0
        var cancelled = 0
        while try h.outbox().count < 150 {
            for arguments in [["queue", "--json"], ["history", "--json", "--limit", "500"]] {
                let result = try await h.cli(arguments)
                calls += 1
                if result.status != .exited(0) || (try? result.json.array) == nil {
                    failures.append("herald \(arguments): \(result)")
                }
            }
            if cancelled < doomed.count {
                let result = try await h.cli(["cancel", doomed[cancelled]])
                calls += 1
                if result.status != .exited(0) { failures.append("herald cancel: \(result)") }
                cancelled += 1
            }
            if failures.count > 3 { break }
            try h.requireRunning()
        }
        #expect(failures.isEmpty, "\(failures.count) of \(calls) CLI calls failed:\n\(failures.joined(separator: "\n"))")
        while cancelled < doomed.count {
            let result = try await h.cli(["cancel", doomed[cancelled]])
            #expect(result.status == .exited(0), "\(result)")
            cancelled += 1
        }
        try await h.waitUntilIdle()
        let files = try h.outbox()
        #expect(files.count == 150)
        #expect(Set(files.compactMap(\.text)) == Set((1...150).map { "now \($0)" }))
        #expect(try await h.history().filter { $0["state"] == .string("cancelled") }.count == 10)
    }
}
