import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Publishes by running a command (an account's `command`, argv, no shell) once per status.
///
/// **Input**: the status as one line of JSON on stdin (then EOF), the ``OutgoingStatus`` `Codable` form with
/// sorted keys: the outbox's fields that exist before publishing (`seq`, `post_id`, `part`, `in_reply_to`,
/// `text`, `scheduled_at`, `author`, `kind`; `id` and `published_at` are the command's to make) plus `account`,
/// `language`, `idempotency_key` and `part_count`. Absent optionals are `null`. A status with `Media:` files also
/// has `media`: `[{"path": …, "alt": … or null}]`; the key is absent otherwise. `content_warning` is the post's
/// `Content-Warning:` or `null` (added after the first release: commands that ignore unknown keys are unaffected).
///
/// **Outcome**, from how the command ends:
/// - exits 0 and the first line of stdout, trimmed, is not empty: `.published` with that line as the remote id;
/// - exits 0 with no id: `.permanent` ("command printed no id");
/// - exits 75 (EX_TEMPFAIL): `.temporary`;
/// - exits 77 (EX_NOPERM): `.unauthorized`, the command's way to say its credentials were refused (the daemon
///   pauses the account until a reload);
/// - exits with any other status: `.permanent`, naming the status;
/// - is killed by a signal Herald did not send (the OOM killer, an operator): `.temporary`, as that is not the
///   command's verdict on the status;
/// - runs past `timeout`: its process group gets SIGTERM, then SIGKILL after `killGrace`; `.temporary`, unless it
///   still exits 0 with an id (then it did publish);
/// - cannot be started (missing, not executable): `.permanent`; cannot be started for lack of pipes or processes,
///   or because the executable is being written (ETXTBSY): `.temporary`.
///
/// At most the last 2 KiB of stderr go into a reason, cut at a line start where possible.
///
/// **Exactly once**: the command is an opaque side effect, so ``resolve(_:)`` always answers `.unknown` and the
/// daemon runs the command again after a crash. A command that must not publish twice keeps the
/// `idempotency_key`s it has published (with their ids) and, seeing one again, prints the same id and exits 0.
///
/// How the child is run (no deadlocks, no SIGPIPE in the daemon, its own process group, clean signal state) is
/// described in ``ChildProcess``.
public struct ExecPublisher: Publisher {
    /// The argv; `command[0]` is looked up in `PATH` when it has no slash.
    public let command: [String]
    /// Seconds one attempt may run before its process group gets SIGTERM.
    public let timeout: TimeInterval
    /// Seconds between SIGTERM and SIGKILL for a command past its timeout.
    public let killGrace: TimeInterval

    /// How much of stderr a failure reason carries.
    static let stderrLimit = 2 << 10
    /// EX_TEMPFAIL from sysexits.h: "try again later".
    public static let temporaryFailureStatus: Int32 = 75
    /// EX_NOPERM from sysexits.h: "permission denied", read as "my credentials were refused".
    public static let unauthorizedStatus: Int32 = 77

    public init(command: [String], timeout: TimeInterval, killGrace: TimeInterval = 5) {
        self.command = command
        self.timeout = timeout
        self.killGrace = killGrace
    }

    public func publish(_ status: OutgoingStatus, now: Date) async -> PublishOutcome {
        if let problem = status.problem { return .permanent(reason: "invalid status: \(problem)") }
        let input: Data
        do {
            input = try Self.stdin(for: status)
        } catch {
            return .permanent(reason: "cannot encode the status as JSON: \(error)")
        }
        let result = await ChildProcess.run(
            command, input: input, timeout: timeout, killGrace: killGrace, stderrLimit: Self.stderrLimit)
        switch result {
        case .failure(let error):
            switch error {
            case .noResources: return .temporary(reason: error.description, retryAfter: nil)
            case .cannotStart, .emptyCommand: return .permanent(reason: error.description)
            }
        case .success(let outcome):
            return classify(outcome)
        }
    }

    /// Always `.unknown`: whether an opaque command published cannot be known from outside.
    public func resolve(_ status: OutgoingStatus) async -> Resolution {
        .unknown
    }

    /// The bytes written to the command's stdin for `status`: sorted-key JSON and a newline.
    static func stdin(for status: OutgoingStatus) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(status)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    // MARK: - Private

    private var name: String { command.first ?? "command" }

    private func classify(_ outcome: ChildOutcome) -> PublishOutcome {
        let errors = Self.lastLines(of: outcome.stderrTail)
        let detail = errors.isEmpty ? "" : ": " + errors
        switch outcome.termination {
        case .exited(0):
            if let id = Self.firstLine(of: outcome.stdout) { return .published(remoteID: id) }
            if outcome.timedOut { return timedOut(detail) }
            return .permanent(reason: "command printed no id (\(name) exited 0, stdout's first line is empty)\(detail)")
        case _ where outcome.timedOut:
            return timedOut(detail)
        case .exited(Self.temporaryFailureStatus):
            return .temporary(reason: "\(name) exited with 75 (temporary failure)\(detail)", retryAfter: nil)
        case .exited(Self.unauthorizedStatus):
            return .unauthorized(reason: "\(name) exited with 77 (credentials refused)\(detail)")
        case .exited(let code):
            return .permanent(reason: "\(name) exited with \(code)\(detail)")
        case .signaled(let signal):
            return .temporary(reason: "\(name) was killed by signal \(signal)\(detail)", retryAfter: nil)
        }
    }

    private func timedOut(_ detail: String) -> PublishOutcome {
        .temporary(reason: "\(name) timed out after \(Self.seconds(timeout)) and was killed\(detail)", retryAfter: nil)
    }

    /// stdout's first line, trimmed; nil when that is empty.
    static func firstLine(of stdout: Data) -> String? {
        let text = String(decoding: stdout, as: UTF8.self)
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let id = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? nil : id
    }

    /// The end of stderr as text: starting at a line start when the tail was cut mid-line (unless that leaves
    /// nothing), trimmed.
    static func lastLines(of stderrTail: Data) -> String {
        var bytes = stderrTail
        if bytes.count >= stderrLimit, let newline = bytes.firstIndex(of: UInt8(ascii: "\n")),
           newline < bytes.endIndex - 1 {
            bytes = bytes[(newline + 1)...]
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func seconds(_ interval: TimeInterval) -> String {
        interval == interval.rounded() ? "\(Int(interval)) s" : "\(interval) s"
    }
}
