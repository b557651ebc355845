import Foundation
import Glibc
import Synchronization

/// How a child process ended.
enum ExitStatus: Equatable, CustomStringConvertible, Sendable {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid(2)` status (the WIFEXITED / WEXITSTATUS / WTERMSIG macros, which Swift does not import).
    init(waitStatus status: Int32) {
        if status & 0x7f == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(status & 0x7f)
        }
    }

    var description: String {
        switch self {
        case let .exited(code): "exited with \(code)"
        case let .signaled(signal): "killed by signal \(signal)"
        }
    }
}

/// Failures of the harness itself (spawning, waiting), with what the daemon said, so a failing test explains itself.
struct HarnessError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Where a child's standard stream goes.
enum Stdio {
    case devNull
    /// Duplicated onto the stream; the caller keeps (and closes) its own copy.
    case fd(Int32)
    case readFile(String)
    case writeFile(String)
}

/// Spawning children with `posix_spawn(2)`: a clean signal state, a scrubbed environment, only the three standard
/// descriptors (everything the test process opens is close-on-exec, so parallel tests never leak pipes into each
/// other's children).
enum Spawner {
    /// The test process's environment minus what would make a child think it runs under systemd.
    static func environment(_ extra: [String: String] = [:]) -> [String] {
        var environment = ProcessInfo.processInfo.environment
        for key in [
            "JOURNAL_STREAM", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID",
            "LISTEN_FDNAMES", "INVOCATION_ID", "HERALD_LOG_LEVEL",
        ] {
            environment[key] = nil
        }
        environment.merge(extra) { _, new in new }
        return environment.map { "\($0.key)=\($0.value)" }
    }

    static func spawn(
        _ path: String, _ arguments: [String], environment: [String] = environment(),
        stdin: Stdio = .devNull, stdout: Stdio = .devNull, stderr: Stdio = .devNull
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stdio) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stdio {
            case .devNull:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case let .fd(fd):
                posix_spawn_file_actions_adddup2(&actions, fd, target)
            case let .readFile(file):
                posix_spawn_file_actions_addopen(&actions, target, file, O_RDONLY, 0)
            case let .writeFile(file):
                posix_spawn_file_actions_addopen(&actions, target, file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw HarnessError("posix_spawn \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Reaps `pid` if it has ended; nil while it runs.
    static func poll(_ pid: pid_t) -> ExitStatus? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return ExitStatus(waitStatus: status) }
            if result == -1 && errno == EINTR { continue }
            return nil
        }
    }

    /// Waits (without blocking a cooperative thread) until `pid` ends, at most `timeout`.
    static func wait(_ pid: pid_t, timeout: Duration) async -> ExitStatus? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = poll(pid) { return status }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// SIGKILL and a blocking reap: for teardown, where the child must not outlive the test.
    static func killAndReap(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }
}

/// A one-way channel whose two ends are close-on-exec in this process from the start (a socket pair, since Glibc
/// as Swift sees it has no `pipe2`), so a child spawned by a parallel test never inherits either end.
struct Pipe2 {
    let read: Int32
    let write: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw HarnessError("socketpair: \(String(cString: strerror(errno)))")
        }
        shutdown(fds[0], Int32(SHUT_WR))
        shutdown(fds[1], Int32(SHUT_RD))
        read = fds[0]
        write = fds[1]
    }
}

/// The lines a child writes to a pipe, collected by a dedicated thread (blocking reads never touch the
/// cooperative pool) until end of file.
final class LineCollector: Sendable {
    private let state = Mutex<(lines: [String], finished: Bool)>(([], false))
    private let echoPrefix: String?

    init(reading fd: Int32, echoPrefix: String?) {
        self.echoPrefix = echoPrefix
        let thread = Thread { [self] in self.run(fd) }
        thread.name = "herald-test-stderr"
        thread.start()
    }

    var lines: [String] { state.withLock { $0.lines } }
    var finished: Bool { state.withLock { $0.finished } }

    private func run(_ fd: Int32) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if count == 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            while let newline = pending.firstIndex(of: 0x0A) {
                append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { append(String(decoding: pending, as: UTF8.self)) }
        close(fd)
        state.withLock { $0.finished = true }
    }

    private func append(_ line: String) {
        if let echoPrefix { FileHandle.standardError.write(Data("\(echoPrefix)\(line)\n".utf8)) }
        state.withLock { $0.lines.append(line) }
    }
}

/// One line of heraldd's stderr: `<N>message NAME=value NAME="quoted value" …` (JournalEntry.stderrLine).
struct LogLine: CustomStringConvertible {
    var raw: String
    var priority: Int?
    var message: String
    var fields: [String: String]

    var description: String { raw }
    var event: String? { fields["HERALD_EVENT"] }
    subscript(_ name: String) -> String? { fields[name] }

    init(_ raw: String) {
        self.raw = raw
        var rest = Substring(raw)
        if rest.hasPrefix("<"), let close = rest.firstIndex(of: ">"), let value = Int(rest[rest.index(after: rest.startIndex)..<close]) {
            priority = value
            rest = rest[rest.index(after: close)...]
        }
        // The message runs up to the first ` NAME=` where NAME is a journal field name.
        var messageEnd = rest.endIndex
        var index = rest.startIndex
        while index < rest.endIndex {
            if rest[index] == " ", Self.fieldStart(rest[rest.index(after: index)...]) != nil {
                messageEnd = index
                break
            }
            index = rest.index(after: index)
        }
        message = String(rest[..<messageEnd])
        fields = [:]
        var cursor = rest[messageEnd...]
        while cursor.first == " " {
            cursor = cursor.dropFirst()
            guard let nameEnd = Self.fieldStart(cursor) else { break }
            let name = String(cursor[..<nameEnd])
            cursor = cursor[cursor.index(after: nameEnd)...]
            var value = ""
            if cursor.first == "\"" {
                cursor = cursor.dropFirst()
                while let character = cursor.first {
                    cursor = cursor.dropFirst()
                    if character == "\"" { break }
                    if character == "\\", let escaped = cursor.first {
                        cursor = cursor.dropFirst()
                        switch escaped {
                        case "n": value.append("\n")
                        case "r": value.append("\r")
                        case "t": value.append("\t")
                        case "0": value.append("\0")
                        default: value.append(escaped)
                        }
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = cursor.firstIndex(of: " ") ?? cursor.endIndex
                value = String(cursor[..<end])
                cursor = cursor[end...]
            }
            fields[name] = value
        }
    }

    /// The index of `=` when `text` starts with a journal field name followed by `=`.
    private static func fieldStart(_ text: Substring) -> Substring.Index? {
        var index = text.startIndex
        var sawLetter = false
        while index < text.endIndex {
            let character = text[index]
            if character == "=" { return sawLetter ? index : nil }
            guard character.isASCII, character.isUppercase || character.isNumber || character == "_" else { return nil }
            sawLetter = true
            index = text.index(after: index)
        }
        return nil
    }
}

/// A counting semaphore for async code: `acquire` suspends (never blocks a thread), `release` is synchronous.
final class AsyncSemaphore: Sendable {
    private let state: Mutex<(available: Int, waiters: [CheckedContinuation<Void, Never>])>

    init(_ count: Int) {
        state = Mutex((count, []))
    }

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}
