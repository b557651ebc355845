import Foundation
import Glibc
import HeraldTestSupport

/// Where the `heraldd` and `herald` binaries are: `$HERALD_BIN_DIR`, else the directory of the running test
/// executable (SwiftPM puts the test bundle beside the products it built).
enum Binaries {
    static func directory() throws -> String {
        if let override = ProcessInfo.processInfo.environment["HERALD_BIN_DIR"], !override.isEmpty {
            guard access(override + "/heraldd", X_OK) == 0 else {
                throw HarnessError("HERALD_BIN_DIR=\(override) has no executable heraldd")
            }
            return override
        }
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent)
        }
        if let first = CommandLine.arguments.first {
            let absolute = first.hasPrefix("/") ? first : FileManager.default.currentDirectoryPath + "/" + first
            candidates.append((absolute as NSString).deletingLastPathComponent)
        }
        for candidate in candidates {
            // The test bundle may be a directory (…xctest/…); walk up a few levels.
            var directory = candidate
            for _ in 0..<4 {
                if access(directory + "/heraldd", X_OK) == 0, access(directory + "/herald", X_OK) == 0 {
                    return directory
                }
                directory = (directory as NSString).deletingLastPathComponent
            }
        }
        throw HarnessError(
            "cannot find heraldd and herald next to the test executable (looked in \(candidates)); "
                + "run `swift build` first or set HERALD_BIN_DIR")
    }

    static var heraldd: String { get throws { try directory() + "/heraldd" } }
    static var herald: String { get throws { try directory() + "/herald" } }
}

/// A configuration file written by a test: `[daemon]` lines and whole `[[accounts]]` tables.
struct TestConfig {
    var daemon: [String] = ["max_lateness = \"15m\""]
    var defaultAccount: String? = "brand"
    var accounts: [String] = [TestConfig.outbox("brand")]
    /// Anything else, appended verbatim.
    var extra = ""

    /// An outbox account with X's length rules, in UTC unless `lines` say otherwise.
    static func outbox(_ name: String, _ lines: String...) -> String {
        var table = "[[accounts]]\nname = \"\(name)\"\nnetwork = \"outbox\"\ncounts_as = \"x\"\n"
        if !lines.contains(where: { $0.hasPrefix("time_zone") }) { table += "time_zone = \"UTC\"\n" }
        return table + lines.map { $0 + "\n" }.joined()
    }

    /// An exec account running `command`.
    static func exec(_ name: String, command: [String], _ lines: String...) -> String {
        let argv = command.map { "\"\($0)\"" }.joined(separator: ", ")
        return "[[accounts]]\nname = \"\(name)\"\nnetwork = \"exec\"\ncommand = [\(argv)]\ncounts_as = \"x\"\n"
            + "time_zone = \"UTC\"\n" + lines.map { $0 + "\n" }.joined()
    }

    func render(spool: String, state: String) -> String {
        var text = "[daemon]\nspool = \"\(spool)\"\nstate = \"\(state)\"\n"
        if let defaultAccount { text += "default_account = \"\(defaultAccount)\"\n" }
        text += daemon.map { $0 + "\n" }.joined()
        text += "\n" + accounts.joined(separator: "\n")
        return text + "\n" + extra
    }
}

/// One outbox file: its name and its JSON.
struct OutboxFile: CustomStringConvertible {
    var name: String
    var json: JSON

    var seq: Int? { json["seq"]?.int }
    var id: String? { json["id"]?.string }
    var postID: String? { json["post_id"]?.string }
    var part: Int? { json["part"]?.int }
    var text: String? { json["text"]?.string }
    var inReplyTo: JSON? { json["in_reply_to"] }
    var scheduledAt: Date? { json["scheduled_at"]?.date }
    var publishedAt: Date? { json["published_at"]?.date }
    var description: String { "\(name): \(json)" }
}

/// The result of one `herald` command.
struct CLIResult: CustomStringConvertible {
    var status: ExitStatus
    var stdout: String
    var stderr: String

    var json: JSON {
        get throws {
            do {
                return try JSON.parse(stdout)
            } catch {
                throw HarnessError("not JSON (\(error)): \(self)")
            }
        }
    }

    var description: String { "\(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// One run of `heraldd`: its pid and what it wrote to stderr.
final class DaemonRun {
    let pid: pid_t
    let output: LineCollector
    private(set) var exitStatus: ExitStatus?

    init(pid: pid_t, output: LineCollector) {
        self.pid = pid
        self.output = output
    }

    var lines: [LogLine] { output.lines.map(LogLine.init) }

    /// Whether the process is still running (reaps it when it has ended).
    var isRunning: Bool {
        if exitStatus != nil { return false }
        if let status = Spawner.poll(pid) {
            exitStatus = status
            return false
        }
        return true
    }

    /// Waits for the process to end, then (briefly) for its last output to be read.
    func wait(timeout: Duration) async -> ExitStatus? {
        if exitStatus == nil { exitStatus = await Spawner.wait(pid, timeout: timeout) }
        if exitStatus != nil {
            let deadline = ContinuousClock.now + .seconds(5)
            while !output.finished && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        }
        return exitStatus
    }

    /// Teardown: the child never outlives the test.
    func killIfRunning() {
        guard exitStatus == nil else { return }
        Spawner.killAndReap(pid)
        exitStatus = .signaled(SIGKILL)
    }
}

/// A private Herald installation in a temporary directory (spool, state, config file) and the real `heraldd` run as
/// a child process. Every wait is a bounded poll; the daemon is killed when the harness goes away.
///
/// Set `HERALD_E2E_VERBOSE=1` to echo the daemon's stderr, `HERALD_TEST_KEEP=1` to keep the directories.
final class DaemonHarness {
    private let directory: TemporaryDirectory
    let root: String
    let spool: String
    let incoming: String
    let rejected: String
    let state: String
    let configPath: String
    let heraldd: String
    let herald: String
    private(set) var runs: [DaemonRun] = []
    /// A command line heraldd is run through (it must exec it in place, keeping the pid), e.g. to give it a private
    /// mount namespace; empty runs heraldd directly.
    var launcher: [String] = []
    /// Variables added to heraldd's (scrubbed) environment, e.g. `NOTIFY_SOCKET` of a ``DatagramReceiver``.
    var environment: [String: String] = [:]
    private var cliCount = 0
    private let label: String

    /// The usual bound on a wait: long enough for a loaded CI machine, short enough to fail fast.
    static let patience: Duration = .seconds(15)

    init(_ config: TestConfig = TestConfig(), label: String = #function) throws {
        heraldd = try Binaries.heraldd
        herald = try Binaries.herald
        self.label = label
        let prefix = String(label.filter { $0.isLetter || $0.isNumber }.prefix(24))
        directory = try TemporaryDirectory("herald-e2e-\(prefix)")
        root = directory.path
        spool = root + "/spool"
        incoming = spool + "/incoming"
        rejected = spool + "/rejected"
        state = root + "/state"
        configPath = root + "/herald.toml"
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        try writeConfig(config)
    }

    /// The daemons first; the directory goes with `directory` (kept with `HERALD_TEST_KEEP`).
    deinit {
        for run in runs { run.killIfRunning() }
    }

    func writeConfig(_ config: TestConfig) throws {
        try write(config.render(spool: spool, state: state), to: configPath)
    }

    /// Writes a file anywhere (for bad configs, scripts, post files given to the CLI).
    func write(_ text: String, to path: String, mode: mode_t = 0o644) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode)
    }

    /// A path inside the harness directory (outside the spool).
    func path(_ name: String) -> String { root + "/" + name }

    // MARK: - The daemon

    var daemon: DaemonRun? { runs.last }

    /// Start-ups are CPU-heavy (SQLite, migrations, recovery): with every test running in parallel, dozens of
    /// daemons starting at once would starve each other and the other test targets. This bounds how many start
    /// at the same time; running daemons are not counted.
    static let startGate = AsyncSemaphore(max(8, ProcessInfo.processInfo.activeProcessorCount * 4))

    /// Starts `heraldd --config … --spool … --state …` and, unless told otherwise, waits for `herald ready`.
    @discardableResult
    func start(waitReady: Bool = true, arguments: [String]? = nil, configPath: String? = nil) async throws -> DaemonRun {
        if let running = daemon, running.isRunning { throw HarnessError("heraldd is already running") }
        await Self.startGate.acquire()
        defer { Self.startGate.release() }
        let pipe = try Pipe2()
        let args = arguments ?? ["--config", configPath ?? self.configPath, "--spool", spool, "--state", state]
        let pid: pid_t
        do {
            let command = launcher + [heraldd] + args
            pid = try Spawner.spawn(command[0], Array(command.dropFirst()),
                                    environment: Spawner.environment(environment),
                                    stdout: .fd(pipe.write), stderr: .fd(pipe.write))
        } catch {
            close(pipe.read)
            close(pipe.write)
            throw error
        }
        close(pipe.write)
        let verbose = ProcessInfo.processInfo.environment["HERALD_E2E_VERBOSE"] != nil
        let run = DaemonRun(pid: pid, output: LineCollector(reading: pipe.read, echoPrefix: verbose ? "[\(pid)] " : nil))
        runs.append(run)
        if waitReady {
            _ = try await eventually("heraldd to say `herald ready`") { () -> Bool? in
                if run.lines.contains(where: { $0.message == "herald ready" }) { return true }
                if !run.isRunning {
                    throw HarnessError("heraldd \(run.exitStatus!) before it was ready\n\(self.diagnostics)")
                }
                return nil
            }
        }
        return run
    }

    /// SIGTERM, then the exit status (bounded).
    @discardableResult
    func stop(timeout: Duration = DaemonHarness.patience) async throws -> ExitStatus {
        guard let run = daemon else { throw HarnessError("no daemon to stop") }
        if run.isRunning { kill(run.pid, SIGTERM) }
        guard let status = await run.wait(timeout: timeout) else {
            run.killIfRunning()
            throw HarnessError("heraldd did not exit within \(timeout) of SIGTERM\n\(diagnostics)")
        }
        return status
    }

    /// kill -9, reaped.
    func kill9() async throws {
        guard let run = daemon else { throw HarnessError("no daemon to kill") }
        kill(run.pid, SIGKILL)
        guard await run.wait(timeout: Self.patience) != nil else { throw HarnessError("heraldd survived SIGKILL") }
    }

    /// Fails the test unless the current daemon is still running.
    func requireRunning() throws {
        guard let run = daemon, run.isRunning else {
            throw HarnessError("heraldd is not running (\(daemon?.exitStatus.map(\.description) ?? "never started"))\n"
                + diagnostics)
        }
    }

    // MARK: - Log

    /// Every stderr line of every run, in order.
    var lines: [LogLine] { runs.flatMap(\.lines) }

    /// Post events (`HERALD_EVENT=…`) of every run, optionally narrowed.
    func events(_ event: String, file: String? = nil, postID: String? = nil) -> [LogLine] {
        lines.filter {
            $0.event == event && (file == nil || $0["HERALD_FILE"] == file)
                && (postID == nil || $0["HERALD_POST_ID"] == postID)
        }
    }

    /// Waits for a post event in the log and returns its line.
    @discardableResult
    func waitForEvent(
        _ event: String, file: String? = nil, postID: String? = nil, count: Int = 1,
        timeout: Duration = DaemonHarness.patience
    ) async throws -> LogLine {
        let what = "\(count) `\(event)` event(s)" + (file.map { " for \($0)" } ?? "") + (postID.map { " for post \($0)" } ?? "")
        return try await eventually(what, timeout: timeout) {
            let found = self.events(event, file: file, postID: postID)
            return found.count >= count ? found[count - 1] : nil
        }
    }

    /// Waits until `name` is accepted and returns its post id.
    @discardableResult
    func waitForAccepted(_ name: String, timeout: Duration = DaemonHarness.patience) async throws -> String {
        let line = try await waitForEvent("accepted", file: name, timeout: timeout)
        guard let id = line["HERALD_POST_ID"] else { throw HarnessError("accepted without HERALD_POST_ID: \(line)") }
        return id
    }

    // MARK: - Spool

    /// Drops a post file the safe way: written under a hidden name, then renamed in.
    func drop(_ name: String, _ text: String) throws {
        try drop(name, bytes: Array(text.utf8))
    }

    func drop(_ name: String, bytes: [UInt8]) throws {
        let temporary = incoming + "/." + name + ".tmp"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, incoming + "/" + name) == 0 else {
            throw HarnessError("rename into incoming: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes a file straight into `incoming/` under its final name (as `cp` or `>` would): one open, writes, close.
    func writeInPlace(_ name: String, bytes: [UInt8]) throws {
        let fd = open(incoming + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw HarnessError("open \(name): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try writeAll(fd, bytes)
    }

    func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw HarnessError("write: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }

    /// Names in a directory, hidden ones left out, sorted.
    func names(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    var incomingNames: [String] { names(in: incoming) }
    var rejectedNames: [String] { names(in: rejected) }

    /// Waits until `rejected/NAME` and `rejected/NAME.error` exist and returns the error text.
    @discardableResult
    func waitForRejection(_ name: String, timeout: Duration = DaemonHarness.patience) async throws -> String {
        try await eventually("\(name) to be rejected", timeout: timeout) {
            var info = stat()
            guard lstat(self.rejected + "/" + name, &info) == 0 else { return nil }
            return try? String(contentsOfFile: self.rejected + "/" + name + ".error", encoding: .utf8)
        }
    }

    // MARK: - Outbox

    func outboxDirectory(_ account: String) -> String { state + "/outbox/" + account }

    /// The account's outbox files in name order (temporary files left out).
    func outbox(_ account: String = "brand") throws -> [OutboxFile] {
        let directory = outboxDirectory(account)
        return try names(in: directory).filter { $0.hasSuffix(".json") }.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            return OutboxFile(name: name, json: try JSON.parse(data))
        }
    }

    /// Waits until the account's outbox holds at least `count` files, and returns them.
    @discardableResult
    func waitForOutbox(
        _ account: String = "brand", count: Int, timeout: Duration = DaemonHarness.patience
    ) async throws -> [OutboxFile] {
        try await eventually("\(count) outbox file(s) for \(account)", timeout: timeout) {
            let files = try self.outbox(account)
            return files.count >= count ? files : nil
        }
    }

    // MARK: - CLI

    /// Runs `herald ARGS` (with `--config` appended unless `config` is false) and collects its output.
    func cli(_ arguments: [String], stdin: String? = nil, config: Bool = true) async throws -> CLIResult {
        try await run(herald, arguments + (config ? ["--config", configPath] : []), stdin: stdin)
    }

    /// Runs any program to completion (60 s at most) and collects its output.
    func run(_ program: String, _ arguments: [String], stdin: String? = nil) async throws -> CLIResult {
        cliCount += 1
        let stem = root + "/.cli-\(cliCount)"
        var input = Stdio.devNull
        if let stdin {
            try write(stdin, to: stem + ".in")
            input = .readFile(stem + ".in")
        }
        let pid = try Spawner.spawn(
            program, arguments, stdin: input, stdout: .writeFile(stem + ".out"), stderr: .writeFile(stem + ".err"))
        guard let status = await Spawner.wait(pid, timeout: .seconds(60)) else {
            Spawner.killAndReap(pid)
            throw HarnessError("\(program) \(arguments) did not finish within 60 s")
        }
        let out = (try? String(contentsOfFile: stem + ".out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stem + ".err", encoding: .utf8)) ?? ""
        return CLIResult(status: status, stdout: out, stderr: err)
    }

    /// `herald queue --json`.
    func queue() async throws -> [JSON] {
        let result = try await cli(["queue", "--json"])
        guard result.status == .exited(0), let items = try result.json.array else {
            throw HarnessError("herald queue --json failed: \(result)")
        }
        return items
    }

    /// `herald history --json --limit 10000`.
    func history() async throws -> [JSON] {
        let result = try await cli(["history", "--json", "--limit", "10000"])
        guard result.status == .exited(0), let items = try result.json.array else {
            throw HarnessError("herald history --json failed: \(result)")
        }
        return items
    }

    /// Waits until nothing is scheduled or being published: after that, nothing more can appear in an outbox.
    func waitUntilIdle(timeout: Duration = DaemonHarness.patience) async throws {
        _ = try await eventually("the queue to be empty", timeout: timeout) { () async throws -> Bool? in
            try await self.queue().isEmpty ? true : nil
        }
    }

    // MARK: - Waiting

    /// Polls `body` every 20 ms until it returns a value, at most `timeout`; then fails with `what` and the
    /// daemon's recent output.
    func eventually<T>(
        _ what: String, timeout: Duration = DaemonHarness.patience, _ body: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try await body() { return value }
            if ContinuousClock.now >= deadline {
                throw HarnessError("timed out after \(timeout) waiting for \(what)\n\(diagnostics)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// What the daemon said lately and what lies in the spool and the outbox, for failure messages.
    var diagnostics: String {
        var text = "--- \(root)\n"
        text += "incoming: \(incomingNames)\nrejected: \(rejectedNames)\n"
        let outboxes = names(in: state + "/outbox").map { "\($0): \(names(in: outboxDirectory($0)).count) file(s)" }
        text += "outbox: \(outboxes)\n"
        for (index, run) in runs.enumerated() {
            let output = run.output.lines
            text += "--- heraldd run \(index + 1), pid \(run.pid), \(run.exitStatus.map(\.description) ?? "running"); "
                + "last \(min(output.count, 40)) of \(output.count) lines:\n"
            text += output.suffix(40).joined(separator: "\n") + "\n"
        }
        return text
    }
}

/// A post file's text: header lines, a blank line, the body and a newline.
func postText(_ headers: [String], _ body: String) -> String {
    headers.map { $0 + "\n" }.joined() + "\n" + body + "\n"
}

/// `date` in RFC 3339 (UTC, whole seconds), for `At:` headers.
func rfc3339(_ date: Date) -> String { RFC3339Parse.string(date) }

/// The next whole second at least `seconds` from now.
func wholeSecond(inAtLeast seconds: TimeInterval) -> Date {
    Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + seconds).rounded(.up))
}

/// Sleeps until `date` (wall clock).
func sleepUntil(_ date: Date) async throws {
    let interval = date.timeIntervalSinceNow
    if interval > 0 { try await Task.sleep(for: .milliseconds(Int(interval * 1000) + 1)) }
}
