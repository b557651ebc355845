import Foundation
import Testing

/// A bad configuration file stops heraldd at start with `FILE:LINE: reason`; `herald check-config` says the same.
@Suite("Bad configuration")
struct ConfigErrorTests {
    struct BadConfig: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var text: String
        var line: Int
        var reason: String
    }

    static let account = "[[accounts]]\nname = \"brand\"\nnetwork = \"outbox\"\n"

    static let cases: [BadConfig] = [
        BadConfig(testDescription: "unknown key in [daemon]",
                  text: "[daemon]\nmax_lateness = \"15m\"\nmax_latenes = \"1m\"\n\n" + account,
                  line: 3, reason: "max_latenes"),
        BadConfig(testDescription: "bad on_missed",
                  text: "[daemon]\non_missed = \"sometimes\"\n\n" + account, line: 2, reason: "sometimes"),
        BadConfig(testDescription: "unknown time zone in an account",
                  text: "[daemon]\n\n" + account + "time_zone = \"Mars/Olympus_Mons\"\n", line: 6,
                  reason: "Mars/Olympus_Mons"),
        BadConfig(testDescription: "bad duration",
                  text: "[daemon]\nmax_lateness = \"soon\"\n\n" + account, line: 2, reason: "soon"),
        BadConfig(testDescription: "TOML syntax error",
                  text: "[daemon]\nspool = \"/tmp\n\n" + account, line: 2, reason: "TOML"),
        BadConfig(testDescription: "exec account without a command",
                  text: "[daemon]\n\n[[accounts]]\nname = \"brand\"\nnetwork = \"exec\"\n", line: 5, reason: "command"),
        BadConfig(testDescription: "retry_cap shorter than retry_base",
                  text: "[daemon]\nretry_base = \"1m\"\nretry_cap = \"30s\"\n\n" + account, line: 3, reason: "retry_cap"),
        BadConfig(testDescription: "default_account naming no account",
                  text: "[daemon]\ndefault_account = \"ghost\"\n\n" + account, line: 2, reason: "ghost"),
        BadConfig(testDescription: "a policy language with no word list",
                  text: "[daemon]\n\n" + account + "\n[policy]\nlanguages = [\"en\", \"de\"]\n", line: 8,
                  reason: "no word list for \"de\""),
        BadConfig(testDescription: "an account language with no word list",
                  text: "[daemon]\n\n" + account + "language = \"es\"\n", line: 6,
                  reason: "profanity is reject on this account but there is no word list for \"es\""),
    ]

    @Test("heraldd refuses to start and check-config reports the same", arguments: cases)
    func badConfig(_ bad: BadConfig) async throws {
        let h = try DaemonHarness(label: "config-\(bad.testDescription)")
        let path = h.path("bad.toml")
        try h.write(bad.text, to: path)

        let run = try await h.start(waitReady: false, configPath: path)
        let status = try #require(await run.wait(timeout: DaemonHarness.patience), "heraldd kept running")
        #expect(status != .exited(0), "\(status)")
        if case .signaled = status { Issue.record("heraldd crashed instead of exiting: \(status)\n\(h.diagnostics)") }
        let output = run.output.lines.joined(separator: "\n")
        let location = "\(path):\(bad.line):"
        #expect(output.contains(location), "heraldd names the file and line: \(output)")
        #expect(output.contains(bad.reason), "heraldd gives the reason: \(output)")
        #expect(!output.contains("herald ready"))

        let checkWithConfig = try await h.cli(["check-config", "--config", path], config: false)
        #expect(checkWithConfig.status == .exited(1), "\(checkWithConfig)")
        #expect(checkWithConfig.stderr.contains(location), "\(checkWithConfig)")
        #expect(checkWithConfig.stderr.contains(bad.reason), "\(checkWithConfig)")
        // The same message: what follows heraldd's "cannot start: " is what follows "herald: ".
        let daemonMessage = output.components(separatedBy: location).last.map { location + $0 }
        let cliMessage = checkWithConfig.stderr.components(separatedBy: location).last.map { location + $0 }
        #expect(daemonMessage?.trimmingCharacters(in: .whitespacesAndNewlines)
                == cliMessage?.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("a good configuration passes check-config")
    func goodConfig() async throws {
        let h = try DaemonHarness()
        let result = try await h.cli(["check-config"])
        #expect(result.status == .exited(0), "\(result)")
        #expect(result.stdout.contains("brand"), "\(result)")
    }

    @Test("the sample configuration in etc/herald works as it is")
    func sampleConfig() async throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("etc/herald/herald.toml").path
        try #require(FileManager.default.fileExists(atPath: sample))
        let h = try DaemonHarness()
        let check = try await h.cli(["check-config", "--config", sample], config: false)
        #expect(check.status == .exited(0), "\(check)")
        try await h.start(configPath: sample)
        try h.drop("hello.post", postText(["At: now"], "Hello from Herald"))
        let files = try await h.waitForOutbox(count: 1)
        #expect(files[0].text == "Hello from Herald")
    }

    @Test("a spool or state path that is not a directory stops heraldd with the path and reason")
    func badPaths() async throws {
        let h = try DaemonHarness()
        let file = h.path("not-a-directory")
        try h.write("x", to: file)
        for (flag, other) in [("--spool", "--state"), ("--state", "--spool")] {
            let otherPath = flag == "--spool" ? h.state : h.spool
            let run = try await h.start(waitReady: false, arguments: ["--config", h.configPath, flag, file, other, otherPath])
            let status = try #require(await run.wait(timeout: DaemonHarness.patience), "heraldd kept running")
            #expect(status == .exited(1), "\(flag): \(status)")
            let output = run.output.lines.joined(separator: "\n")
            #expect(output.contains(file), "\(flag): \(output)")
            #expect(!output.contains("herald ready"))
        }
    }
}
