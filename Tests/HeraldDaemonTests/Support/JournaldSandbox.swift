import Foundation

/// Runs a command against a private, throw-away `systemd-journald` and returns what it logged, as
/// `journalctl -o json` entries. For end-to-end tests of the journal contract (`HERALD_*` fields, priorities).
///
/// The work is done by `Tests/Support/journald-sandbox.sh` (found from this file's path): in a private mount and
/// PID namespace it mounts tmpfs over `/run/systemd/journal`, `/run/log` and `/var/log` — the host's journal is never
/// touched — starts `/lib/systemd/systemd-journald`, runs the command under `systemd-cat` with `JOURNAL_STREAM`
/// naming its stderr (as systemd does for `StandardError=journal`), so a process using `sd_journal_sendv` sends
/// structured entries to the sandbox journald and anything it prints becomes stream entries; then it syncs and
/// stops journald and exports the journal. When the namespace ends, everything in it is killed and the mounts are
/// gone. `/tmp` is shared with the host, so a command can use temporary directories the test created.
///
/// Needs root (`isAvailable`); a test should be `.enabled(if: JournaldSandbox.isAvailable)` and say so.
///
/// ```swift
/// let entries = try JournaldSandbox.run([heralddPath, "--config", config], environment: [:], timeout: .seconds(30))
/// let rejected = entries.filter { $0["HERALD_EVENT"] == "rejected" }
/// ```
///
/// This file is shared: `Tests/HeraldSystemdTests/JournaldSandbox.swift` is a symbolic link to it.
enum JournaldSandbox {
    /// Why a run failed.
    enum Failure: Error, CustomStringConvertible {
        /// Not root, or a needed program is missing.
        case unavailable(String)
        /// The sandbox itself failed (journald did not start, mounts failed, …); `log` has the script's output.
        case sandboxFailed(status: Int32, log: String)
        /// The whole run did not finish within its bound and was killed.
        case timedOut(after: Duration, log: String)
        /// The command exited with a non-zero status (124: killed at its timeout); its entries are still here.
        case commandFailed(status: Int32, entries: [[String: String]])
        /// `journalctl -o json` printed something that is not a JSON object per line.
        case unreadableOutput(String)

        var description: String {
            switch self {
            case .unavailable(let reason):
                "journald sandbox unavailable: \(reason)"
            case .sandboxFailed(let status, let log):
                "journald sandbox failed (exit \(status)):\n\(log)"
            case .timedOut(let limit, let log):
                "journald sandbox did not finish within \(limit):\n\(log)"
            case .commandFailed(let status, let entries):
                "command exited with status \(status); journal:\n"
                    + entries.map { "  \($0["SYSLOG_IDENTIFIER"] ?? "?"): \($0["MESSAGE"] ?? "")" }
                    .joined(separator: "\n")
            case .unreadableOutput(let line):
                "journalctl printed a line that is not a JSON object: \(line)"
            }
        }
    }

    /// Programs the sandbox runs.
    static let journald = "/lib/systemd/systemd-journald"

    /// Time allowed beyond the command's own timeout: journald start-up, sync, shutdown and export.
    static let overhead: Duration = .seconds(60)

    /// `Tests/Support/journald-sandbox.sh`.
    static var scriptPath: String? { supportScript("journald-sandbox.sh") }

    /// A script in `Tests/Support/`, found by walking up from this source file to the package root.
    static func supportScript(_ name: String) -> String? {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Tests/Support/\(name)").path
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
                FileManager.default.fileExists(atPath: candidate)
            {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// Why the sandbox cannot run here, or `nil` when it can.
    static var unavailableReason: String? {
        if getuid() != 0 {
            return "not running as root"
        }
        if !FileManager.default.isExecutableFile(atPath: journald) {
            return "\(journald) is missing"
        }
        for program in ["unshare", "systemd-cat", "journalctl", "timeout", "stat"] where findInPath(program) == nil {
            return "\(program) is not in PATH"
        }
        if (try? String(contentsOfFile: "/etc/machine-id", encoding: .utf8))?.isEmpty ?? true {
            return "/etc/machine-id is missing or empty (journald needs it)"
        }
        if scriptPath == nil {
            return "Tests/Support/journald-sandbox.sh not found"
        }
        return nil
    }

    /// Whether ``run(_:environment:timeout:)`` can work here: root, `systemd-journald`, `unshare` and friends present.
    static var isAvailable: Bool {
        unavailableReason == nil
    }

    /// Runs `command` (program and arguments; the program is looked up in `PATH`) with the test process's
    /// environment plus `environment`, under a private journald, and returns every journal entry: the command's
    /// native entries, the lines it printed (`_TRANSPORT=stdout`, `SYSLOG_IDENTIFIER=journald-sandbox` unless
    /// `HERALD_SANDBOX_IDENTIFIER` is set) and journald's own start/stop messages.
    ///
    /// Each entry maps field names to values. Binary values are decoded as UTF-8; a field that occurs several
    /// times in one entry has its values joined by newlines.
    ///
    /// - Parameter timeout: how long the command may run; it is killed then (`commandFailed(status: 124, …)`).
    ///   The whole run is bounded by `timeout` plus ``overhead``.
    /// - Throws: ``Failure``; `commandFailed` when the command exits non-zero (the entries are in the error).
    static func run(
        _ command: [String],
        environment: [String: String] = [:],
        timeout: Duration
    ) throws -> [[String: String]] {
        if let reason = unavailableReason {
            throw Failure.unavailable(reason)
        }
        guard let script = scriptPath, !command.isEmpty else {
            throw Failure.unavailable(command.isEmpty ? "no command given" : "script not found")
        }
        let outputDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-journald-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputDirectory) }
        let logURL = outputDirectory.appendingPathComponent("sandbox.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        let seconds = max(1, Int(Self.seconds(timeout).rounded(.up)))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, outputDirectory.appendingPathComponent("out").path, String(seconds)] + command
        var merged = ProcessInfo.processInfo.environment
        for name in ["JOURNAL_STREAM", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID"] {
            merged[name] = nil
        }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let bound = timeout + overhead
        if finished.wait(timeout: .now() + Self.seconds(bound)) == .timedOut {
            // The script's pid is `timeout`, which passes SIGTERM on to `unshare`; when `unshare` dies, the
            // namespace's init is killed (--kill-child), and with it journald and the command.
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + 5)
            }
            throw Failure.timedOut(after: bound, log: readText(logURL))
        }
        guard process.terminationStatus == 0, process.terminationReason == .exit else {
            throw Failure.sandboxFailed(status: process.terminationStatus, log: readText(logURL))
        }
        let out = outputDirectory.appendingPathComponent("out")
        let entries = try parseEntries(readText(out.appendingPathComponent("entries.json")))
        let statusText = readText(out.appendingPathComponent("status"))
        let status = Int32(statusText.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let status else {
            throw Failure.sandboxFailed(status: -1, log: "no command status\n" + readText(logURL))
        }
        guard status == 0 else {
            throw Failure.commandFailed(status: status, entries: entries)
        }
        return entries
    }

    /// Parses `journalctl -o json` output (one JSON object per line) into field → value maps.
    static func parseEntries(_ text: String) throws -> [[String: String]] {
        try text.split(separator: "\n").map { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Failure.unreadableOutput(String(line))
            }
            var entry: [String: String] = [:]
            for (name, value) in object {
                if let text = fieldText(value) {
                    entry[name] = text
                }
            }
            return entry
        }
    }

    /// One JSON field value as text: a string; an array of byte values (journalctl's form for binary data)
    /// decoded as UTF-8; an array of those (a repeated field) joined by newlines; `nil` for null.
    private static func fieldText(_ value: Any) -> String? {
        switch value {
        case let string as String:
            return string
        case let number as NSNumber:
            return number.stringValue
        case let array as [Any]:
            if let bytes = array as? [NSNumber], !bytes.isEmpty, !array.contains(where: { $0 is String }) {
                return String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0.intValue) }, as: UTF8.self)
            }
            let values = array.compactMap(fieldText)
            return values.isEmpty ? nil : values.joined(separator: "\n")
        default:
            return nil
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func findInPath(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func readText(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}
