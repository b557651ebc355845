import Foundation
import HeraldDaemon
import HeraldStore
import HeraldTestSupport
import Logging
import Synchronization

/// heraldd's `Daemon` run inside the test process with an injected clock (issue 16): what depends on the time
/// (missed posts, held posts expiring) is decided at instants the test chooses, without waiting on the wall clock
/// and without spawning binaries. Each value owns a temporary directory with a spool, a state directory and
/// `herald.toml`; the log is captured in memory.
final class InProcessDaemon: Sendable {
    private let temporary: TemporaryDirectory
    var root: String { temporary.path }
    var spool: String { root + "/spool" }
    var state: String { root + "/state" }
    var configPath: String { root + "/herald.toml" }
    /// The daemon's `now`: set it before `start()`.
    let clock: Mutex<Date>
    let log = LogCapture()
    private let running = Mutex<(daemon: Daemon, task: Task<Void, any Error>)?>(nil)
    /// Every planned batch is deferred to the planner's settle (`DaemonOptions.deferPlanning`).
    let deferPlanning: Bool

    init(config: String, now: Date, deferPlanning: Bool = false) throws {
        self.deferPlanning = deferPlanning
        temporary = try TemporaryDirectory("herald-inproc")
        try FileManager.default.createDirectory(atPath: temporary.path + "/spool/incoming",
                                                withIntermediateDirectories: true)
        clock = Mutex(now)
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    /// Starts the daemon and waits for `herald ready`.
    func start() async throws {
        var options = DaemonOptions(configPath: configPath, spool: spool, state: state)
        options.deferPlanning = deferPlanning
        options.releasesCodePages = false  // the test process's code is not the daemon's to page out
        let logger = Logger(label: "heraldd") { _ in self.log }
        let daemon = Daemon(options: options, logger: logger, now: { self.clock.withLock { $0 } })
        let readyBefore = log.entries.filter { $0.message == "herald ready" }.count
        let task = Task { try await daemon.run() }
        running.withLock { $0 = (daemon, task) }
        try await eventually("herald ready") {
            log.entries.filter { $0.message == "herald ready" }.count > readyBefore
        }
    }

    /// Stops the daemon gracefully and waits for `run()` to return.
    func stop() async throws {
        guard let (daemon, task) = running.withLock({ value in defer { value = nil }; return value }) else { return }
        daemon.stop()
        try await task.value
    }

    /// SIGHUP's work: reloads the configuration file.
    func reload() {
        running.withLock { $0?.daemon.reload() }
    }

    /// Writes `name` into `incoming/` atomically (a dot file renamed), as `herald submit` does.
    func drop(_ name: String, _ text: String) throws {
        let temporary = spool + "/incoming/." + name + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, spool + "/incoming/" + name) == 0 else { throw HarnessError("rename \(name)") }
    }

    /// The state database, opened beside the daemon (WAL: a second connection sees its commits).
    func database() throws -> AppDatabase { try AppDatabase(path: AppDatabase.path(inStateDirectory: state)) }

    /// The post events logged so far with `HERALD_EVENT` = `event`.
    func events(_ event: String) -> [LogCapture.Entry] { log.entries.filter { $0.metadata["HERALD_EVENT"] == event } }

    /// Polls `condition` every 20 ms for up to 15 s (the daemon works on its own tasks).
    func eventually(_ what: String, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError("timed out waiting for \(what); log:\n"
            + log.entries.map { "\($0.level) \($0.message) \($0.metadata)" }.joined(separator: "\n"))
    }
}

/// A swift-log handler that keeps every entry, for in-process daemon tests.
final class LogCapture: LogHandler, Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let stored = Mutex<[Entry]>([])
    var entries: [Entry] { stored.withLock { $0 } }

    var logLevel: Logger.Level {
        get { .debug }
        set {}  // nothing to keep: the capture records everything
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}  // nothing to keep: the capture records everything
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}  // nothing to keep: the capture records everything
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).mapValues { "\($0)" }
        stored.withLock { $0.append(Entry(level: event.level, message: "\(event.message)", metadata: fields)) }
    }
}
