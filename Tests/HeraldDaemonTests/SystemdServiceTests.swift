import Foundation
import Glibc
import Testing

/// Herald as a real systemd service (issue 3, "The real-systemd test"): a real systemd 252 boots as PID 1 in private
/// namespaces, Herald is installed into it with `make install`, and `systemctl`/`journalctl` drive it from outside.
///
/// The work is done by `Tests/Support/systemd-sandbox.sh` (read its header for how the host is kept out of reach:
/// `mount --make-rprivate /`, an overlay root over a tmpfs, tmpfs over /run, /tmp, /var/tmp, /var/log,
/// /etc/systemd/system…, `--unit=herald-test.target` with everything a default boot pulls in masked,
/// DefaultDependencies=no on every unit, SIGKILL to PID 1 from outside at the end, every wait bounded). The script
/// writes what it saw as `key=value` lines plus journal excerpts; the tests below assert on them. One sandbox run
/// serves all the Herald tests (about 20 s); the self-test boots its own.
///
/// Needs root, systemd, `unshare`/`nsenter`/`setpriv`, cgroup2 and overlayfs; otherwise every test here is skipped
/// and says why. `HERALD_SYSD_KEEP=1` keeps the sandbox's output directory (its path is printed).
@Suite(
    "systemd: Herald under a real systemd as PID 1 in private namespaces",
    .serialized,
    .enabled(
        if: SystemdSandbox.isAvailable,
        Comment(rawValue: (SystemdSandbox.unavailableReason ?? "available") + "; the real-systemd test needs root, "
            + "/lib/systemd/systemd, unshare, nsenter, setpriv, cgroup2 and overlayfs (Tests/Support/systemd-sandbox.sh)")
    )
)
struct SystemdServiceTests {
    /// The one Herald run the tests share (started by the first test that needs it).
    static let herald: SystemdSandbox.Outcome = SystemdSandbox.outcome("herald", binaries: true)

    static func heraldRun() throws -> SystemdSandbox.Run {
        switch herald {
        case .ran(let run): return run
        case .failed(let why): throw SystemdSandbox.Failure(why)
        }
    }

    // MARK: - The sandbox itself

    @Test("the sandbox boots systemd as PID 1, runs a unit, logs to its journal, and leaves the host untouched")
    func sandboxSelfTest() throws {
        let run = try SystemdSandbox.run("selftest")
        run.expectBootIsolated(services: ["sandbox-dummy.service", "systemd-journald.service"])
        #expect(run["dummy.active_state"] == "active", "\(run)")
        #expect(run["dummy.journal_hello"] == "1", "the dummy's stdout reached the sandbox journal\n\(run)")
        #expect(run["dummy.inside_file"] == "inside", "\(run)")
        #expect(run["dummy.inside_file_on_host"] == "no", "a file the dummy wrote to /tmp must not be on the host")
        #expect(run["dummy.after_stop"] == "inactive", "\(run)")
        run.expectHostUntouched()
    }

    // MARK: - Herald

    @Test("make install into the sandbox: binaries, unit, sysusers, tmpfiles, sample config; users only inside")
    func install() throws {
        let run = try Self.heraldRun()
        #expect(run["install.method"] == "make", "make install failed:\n\(run["install.make_output"] ?? "")")
        let files = run["install.files"] ?? ""
        for file in [
            "/usr/local/bin/heraldd", "/usr/local/bin/herald", "/etc/systemd/system/herald.service",
            "/etc/sysusers.d/herald.conf", "/etc/tmpfiles.d/herald.conf", "/etc/herald/herald.toml",
        ] {
            #expect(files.contains(file), "\(file) not installed: \(files)")
        }
        #expect(run["unit.load_state"] == "loaded", "\(run)")
        #expect(run["unit.type"] == "notify")
        #expect(run["unit.restart"] == "on-failure")
        #expect(run["unit.user"] == "herald")
        #expect(run["users.herald"]?.hasPrefix("uid=") == true, "user herald: \(run["users.herald"] ?? "")")
        #expect(run["users.alice"]?.contains("(herald-submit)") == true, "\(run["users.alice"] ?? "")")
        #expect(run["users.bob"]?.contains("herald-submit") == false, "\(run["users.bob"] ?? "")")
        #expect(run["users.host_has_alice"] == "no", "the test users must exist only inside the sandbox")
        let layout = run["spool.layout"] ?? ""
        #expect(layout.contains("/var/spool/herald/incoming drwx-ws--T herald:herald-submit"), "\(layout)")
        #expect(layout.contains("/var/spool/herald/rejected drwxr-s--- herald:herald-submit"), "\(layout)")
    }

    @Test("systemctl start: active, with a Status: from Herald")
    func start() throws {
        let run = try Self.heraldRun()
        #expect(run["start.exit"] == "0", "\(run.transcript)")
        #expect(run["start.ActiveState"] == "active")
        #expect(run["start.SubState"] == "running")
        let status = run["start.StatusText"] ?? ""
        #expect(!status.isEmpty, "no STATUS= from heraldd")
        #expect(status.contains("queued"), "StatusText: \(status)")
        #expect(!status.hasPrefix("degraded"), "StatusText: \(status)")
        #expect(run["start.NRestarts"] == "0")
    }

    @Test("a post dropped into incoming/ shows in journalctl -u herald HERALD_EVENT=published")
    func publish() throws {
        let run = try Self.heraldRun()
        let entries = try run.journal("publish.json")
        let published = try #require(entries.first, "no published event in the journal\n\(run.heraldLog)")
        #expect(published["HERALD_EVENT"] == "published")
        #expect(published["HERALD_ACCOUNT"] == "brand")
        #expect(published["HERALD_POST_ID"]?.isEmpty == false, "\(published)")
        #expect(published["MESSAGE_ID"]?.count == 32, "a fixed MESSAGE_ID per event kind: \(published)")
        #expect(published["PRIORITY"] == "6", "\(published)")
        #expect(published["CODE_FILE"]?.isEmpty == false, "\(published)")
        #expect(published["_SYSTEMD_UNIT"] == "herald.service", "\(published)")
        #expect(published["_TRANSPORT"] == "journal", "structured entries, not stderr lines: \(published)")
        #expect(run["publish.outbox"]?.contains(".json") == true, "outbox: \(run["publish.outbox"] ?? "")")
        #expect(run["publish.status_text"]?.contains("queued") == true)
    }

    @Test("systemctl reload with a valid configuration: still active, same process, the new account works")
    func reloadValid() throws {
        let run = try Self.heraldRun()
        #expect(run["reload_ok.exit"] == "0")
        #expect(run["reload_ok.ActiveState"] == "active")
        #expect(run["reload_ok.SubState"] == "running", "READY=1 again after RELOADING=1")
        #expect(run["reload_ok.main_pid_unchanged"] == "yes")
        #expect(run["reload_ok.StatusText"]?.hasPrefix("degraded") == false, "\(run["reload_ok.StatusText"] ?? "")")
        #expect(run["reload_ok.news_published"].flatMap(Int.init) ?? 0 >= 1,
                "a post for the account added by the reload was not published\n\(run.heraldLog)")
        let entries = try run.journal("reload-ok.json")
        #expect(entries.contains { $0["SYSLOG_IDENTIFIER"] == "heraldd" && ($0["MESSAGE"] ?? "").contains("reload") },
                "heraldd logged nothing about the reload")
    }

    @Test("systemctl reload with a broken configuration: old one kept, Status: says so, an error is logged")
    func reloadBroken() throws {
        let run = try Self.heraldRun()
        #expect(run["reload_bad.ActiveState"] == "active")
        #expect(run["reload_bad.SubState"] == "running")
        #expect(run["reload_bad.main_pid_unchanged"] == "yes")
        let status = run["reload_bad.StatusText"] ?? ""
        #expect(status.hasPrefix("degraded"), "StatusText: \(status)")
        #expect(status.contains("reload"), "StatusText: \(status)")
        #expect(run["reload_bad.errors"].flatMap(Int.init) ?? 0 >= 1, "no error-priority entry from heraldd")
        let errors = try run.journal("reload-bad.json").filter {
            $0["_SYSTEMD_UNIT"] == "herald.service" && Int($0["PRIORITY"] ?? "9")! <= 3
        }
        #expect(errors.contains { ($0["MESSAGE"] ?? "").contains("reload") }, "\(errors)")
        #expect(run["reload_bad.old_config_publishes"].flatMap(Int.init) ?? 0 >= 2,
                "the old configuration did not keep publishing\n\(run.heraldLog)")
        #expect(run["reload_fixed.active_state"] == "active")
        #expect(run["reload_fixed.status_text"]?.hasPrefix("degraded") == false,
                "a good configuration again should clear the degraded status: \(run["reload_fixed.status_text"] ?? "")")
    }

    @Test("herald submit works for a member of herald-submit and is refused to anyone else")
    func submit() throws {
        let run = try Self.heraldRun()
        #expect(run["submit_alice.exit"] == "0", "as herald-alice: \(run["submit_alice.stderr"] ?? "")")
        #expect(run["submit_alice.stdout"]?.hasPrefix("submitted ") == true)
        #expect(run["submit_alice.published"].flatMap(Int.init) ?? 0 >= 1, "alice's post was not published")
        #expect(run["submit_bob.exit"] != "0", "herald-bob is not in herald-submit and must not be able to submit")
        #expect(run["submit_bob.stderr"]?.contains("Permission denied") == true, "\(run["submit_bob.stderr"] ?? "")")
        #expect(run["submit.incoming_listing_as_alice"]?.contains("Permission denied") == true,
                "members must not list incoming/")
    }

    @Test("the watchdog: healthy pings keep it alive; a stalled loop gets it killed (SIGABRT) and restarted")
    func watchdog() throws {
        let run = try Self.heraldRun()
        #expect(run["watchdog.usec"] == "2s", "\(run["watchdog.dropin"] ?? "")")
        #expect(run["watchdog.healthy_same_pid"] == "yes", "killed although heraldd was healthy")
        #expect(run["watchdog.healthy_nrestarts"] == "0")
        #expect(run["watchdog.timeout_logged"].flatMap(Int.init) ?? 0 >= 1,
                "systemd never saw a watchdog timeout (is HERALD_DEBUG_STALL_SIGNAL implemented?)")
        #expect(run["watchdog.exits"]?.contains("watchdog") == true,
                "no exit with SERVICE_RESULT=watchdog: \(run["watchdog.exits"] ?? "")")
        let caught = (run["watchdog.backtracer_logged"].flatMap(Int.init) ?? 0) > 0
        let state = "\(run["watchdog.ActiveState"] ?? "")/\(run["watchdog.SubState"] ?? "")"
        let hint = caught
            ? "; SIGABRT was caught by the Swift runtime's backtracer, which then hung: the unit needs "
                + "Environment=SWIFT_BACKTRACE=enable=no (and a short TimeoutAbortSec=)"
            : ""
        #expect(run["watchdog.new_main_pid"] == "yes",
                Comment(rawValue: "not restarted within 20 s of the stall (\(state))" + hint))
        #expect(run["watchdog.nrestarts"].flatMap(Int.init) ?? 0 >= 1)
        #expect(run["watchdog.ActiveState"] == "active")
    }

    @Test("systemctl stop: a clean exit (status 0)")
    func stop() throws {
        let run = try Self.heraldRun()
        #expect(run["stop.exit"] == "0", "systemctl stop did not finish within 25 s")
        #expect(run["stop.ActiveState"] == "inactive")
        #expect(run["stop.last_exit"] == "success exited 0",
                "SERVICE_RESULT EXIT_CODE EXIT_STATUS of the last exit: \(run["stop.last_exit"] ?? "")")
        let entries = try run.journal("stop.json")
        #expect(entries.contains { ($0["MESSAGE"] ?? "").contains("Deactivated successfully") }, "\(run.heraldLog)")
    }

    @Test("the Herald run left the host untouched")
    func hostUntouched() throws {
        let run = try Self.heraldRun()
        run.expectBootIsolated(services: ["systemd-journald.service"])
        run.expectHostUntouched()
        #expect(run["sandbox.seconds"].flatMap(Int.init) ?? 999 < 120, "the run took \(run["sandbox.seconds"] ?? "?") s")
    }
}

// MARK: - Running the sandbox script

/// Runs `Tests/Support/systemd-sandbox.sh` and reads what it wrote.
enum SystemdSandbox {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    enum Outcome: Sendable {
        case ran(Run)
        case failed(String)
    }

    /// What one run wrote: its `results` (key=value) and the text of its other files.
    struct Run: Sendable, CustomStringConvertible {
        var results: [String: String]
        var files: [String: String]

        subscript(key: String) -> String? { results[key] }

        /// A journal excerpt (`journalctl -o json` lines) as field maps.
        func journal(_ name: String) throws -> [[String: String]] {
            try JournaldSandbox.parseEntries(files[name] ?? "")
        }

        var transcript: String { String((files["transcript.log"] ?? "").suffix(6000)) }
        var heraldLog: String { "--- journalctl -u herald\n" + String((files["herald.log"] ?? "").suffix(6000)) }

        var description: String {
            results.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        }

        /// The namespace's /tmp etc. were its own, and no default boot transaction ran.
        func expectBootIsolated(services: Set<String>) {
            #expect(self["boot.system_state"] == "running", "\(self)")
            #expect(self["boot.virtualization"]?.hasPrefix("container") == true)
            #expect(self["boot.root_fstype"] == "overlay")
            #expect(self["boot.tmp_fstype"] == "tmpfs")
            #expect(self["boot.var_tmp_fstype"] == "tmpfs")
            #expect(self["boot.etc_systemd_system_fstype"] == "tmpfs")
            #expect(self["boot.host_markers_visible_inside"] == "", "the host's /tmp is visible inside")
            #expect(self["boot.tmpfiles_setup"]?.hasPrefix("masked") == true, "\(self["boot.tmpfiles_setup"] ?? "")")
            let active = Set((self["boot.active_services"] ?? "").split(separator: " ").map(String.init))
            #expect(active == services, "services running after boot: \(active)")
            #expect(self["boot.failed_units"] == "")
        }

        /// Markers in the host's /tmp and /var/tmp survived, nothing is left running, nothing changed.
        func expectHostUntouched() {
            #expect(self["host.markers"]?.isEmpty == false)
            #expect(self["host.markers_missing"] == "", "host files disappeared: \(self["host.markers_missing"] ?? "")")
            #expect(self["host.leftover_processes"] == "", "left running: \(self["host.leftover_processes"] ?? "")")
            #expect(self["host.cgroup_left"] == "", "cgroup left behind: \(self["host.cgroup_left"] ?? "")")
            for key in ["mounts", "hostname", "passwd", "group", "file_max", "nr_open"] {
                let before = self["host.\(key).before"]
                #expect(before != nil && before == self["host.\(key).after"],
                        "host \(key) changed: \(before ?? "nil") → \(self["host.\(key).after"] ?? "nil")")
            }
        }
    }

    /// `Tests/Support/systemd-sandbox.sh`.
    static var scriptPath: String? { JournaldSandbox.supportScript("systemd-sandbox.sh") }

    static var repositoryPath: String? {
        scriptPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path }
    }

    /// Why the sandbox cannot run here, or `nil`.
    static var unavailableReason: String? {
        if getuid() != 0 { return "not running as root" }
        if !FileManager.default.isExecutableFile(atPath: "/lib/systemd/systemd") { return "/lib/systemd/systemd is missing" }
        for program in ["unshare", "nsenter", "setpriv", "timeout", "findmnt", "pivot_root", "systemctl", "journalctl"]
        where findInPath(program) == nil {
            return "\(program) is not in PATH"
        }
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        if !filesystems.contains("overlay") { return "no overlayfs" }
        if !filesystems.contains("cgroup2") { return "no cgroup2" }
        if scriptPath == nil { return "Tests/Support/systemd-sandbox.sh not found" }
        return nil
    }

    static var isAvailable: Bool { unavailableReason == nil }

    /// Runs a mode of the script; never throws (for the shared run).
    static func outcome(_ mode: String, binaries: Bool) -> Outcome {
        do {
            return .ran(try run(mode, arguments: binaries ? [try Binaries.directory()] : []))
        } catch {
            return .failed("\(error)")
        }
    }

    /// `systemd-sandbox.sh MODE OUTDIR ARGUMENTS… [REPO]`, bounded; reads its output and removes it.
    static func run(_ mode: String, arguments: [String] = [], timeout: Duration = .seconds(240)) throws -> Run {
        if let reason = unavailableReason { throw Failure("systemd sandbox unavailable: \(reason)") }
        guard let script = scriptPath, let repository = repositoryPath else { throw Failure("script not found") }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-systemd-\(mode)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let keep = ProcessInfo.processInfo.environment["HERALD_SYSD_KEEP"] != nil
        defer {
            if keep {
                FileHandle.standardError.write(Data("systemd-sandbox: kept \(directory.path)\n".utf8))
            } else {
                try? FileManager.default.removeItem(at: directory)
            }
        }
        let out = directory.appendingPathComponent("out")
        let logURL = directory.appendingPathComponent("script.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, mode, out.path] + arguments + (mode == "herald" ? [repository] : [])
        var environment = ProcessInfo.processInfo.environment
        for name in ["JOURNAL_STREAM", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID",
                     "LISTEN_FDNAMES", "INVOCATION_ID"] {
            environment[name] = nil
        }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let seconds = Double(timeout.components.seconds)
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            // SIGTERM: the script's trap SIGKILLs the namespace's PID 1 and cleans up; then SIGKILL for good.
            process.terminate()
            if finished.wait(timeout: .now() + 20) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + 5)
            }
            throw Failure("systemd-sandbox.sh \(mode) did not finish within \(timeout):\n" + read(logURL))
        }
        var files: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] {
            let url = out.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = read(url)
            }
        }
        let results = parseResults(files["results"] ?? "")
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw Failure("systemd-sandbox.sh \(mode) failed (status \(process.terminationStatus)): "
                + (results["sandbox.error"] ?? read(logURL)) + "\n--- transcript\n"
                + String((files["transcript.log"] ?? "").suffix(4000)))
        }
        return Run(results: results, files: files)
    }

    /// `key=value` lines, `\n` and `\\` unescaped; a later line wins.
    static func parseResults(_ text: String) -> [String: String] {
        var results: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = ""
            var escaped = false
            for character in line[line.index(after: equals)...] {
                if escaped {
                    value.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    value.append(character)
                }
            }
            results[String(line[..<equals])] = value
        }
        return results
    }

    private static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    private static func findInPath(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]).map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
