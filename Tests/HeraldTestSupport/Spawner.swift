import Foundation
import Glibc
import Synchronization

/// How a child process ended.
public enum ExitStatus: Equatable, CustomStringConvertible, Sendable {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid(2)` status (the WIFEXITED / WEXITSTATUS / WTERMSIG macros, which Swift does not import).
    public init(waitStatus status: Int32) {
        if status & 0x7f == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(status & 0x7f)
        }
    }

    public var description: String {
        switch self {
        case let .exited(code): "exited with \(code)"
        case let .signaled(signal): "killed by signal \(signal)"
        }
    }
}

/// Where a child's standard stream goes.
public enum Stdio: Sendable {
    case devNull
    /// Duplicated onto the stream; the caller keeps (and closes) its own copy.
    case fd(Int32)
    case readFile(String)
    case writeFile(String)
}

/// Spawning children with `posix_spawn(2)`: a clean signal state, a scrubbed environment, only the three standard
/// descriptors (everything the test process opens is close-on-exec, so parallel tests never leak pipes into each
/// other's children).
public enum Spawner {
    /// The test process's environment minus what would make a child think it runs under systemd.
    public static func environment(_ extra: [String: String] = [:]) -> [String] {
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

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not
    /// import; nil where the C library lacks it.
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    public static func spawn(
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
        // Nothing else is inherited, whatever was opened without O_CLOEXEC (Foundation's `Data.write` among them): a
        // file a parallel test was writing at that instant would stay open for writing in a long-lived child, and
        // heraldd would wait forever for its writer to close it.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }
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
            throw SpawnError("posix_spawn \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Reaps `pid` if it has ended; nil while it runs.
    public static func poll(_ pid: pid_t) -> ExitStatus? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return ExitStatus(waitStatus: status) }
            if result == -1 && errno == EINTR { continue }
            return nil
        }
    }

    /// Waits (without blocking a cooperative thread) until `pid` ends, at most `timeout`.
    public static func wait(_ pid: pid_t, timeout: Duration) async -> ExitStatus? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = poll(pid) { return status }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// SIGKILL and a blocking reap: for teardown, where the child must not outlive the test.
    public static func killAndReap(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }
}

/// A one-way channel whose two ends are close-on-exec in this process from the start (a socket pair, since Glibc
/// as Swift sees it has no `pipe2`), so a child spawned by a parallel test never inherits either end.
public struct Pipe2: Sendable {
    public let read: Int32
    public let write: Int32

    public init() throws {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw SpawnError("socketpair: \(String(cString: strerror(errno)))")
        }
        shutdown(fds[0], Int32(SHUT_WR))
        shutdown(fds[1], Int32(SHUT_RD))
        read = fds[0]
        write = fds[1]
    }
}

/// The lines a child writes to a pipe, collected by a dedicated thread (blocking reads never touch the
/// cooperative pool) until end of file.
public final class LineCollector: Sendable {
    private let state = Mutex<(lines: [String], finished: Bool)>(([], false))
    private let echoPrefix: String?

    public init(reading fd: Int32, echoPrefix: String?) {
        self.echoPrefix = echoPrefix
        let thread = Thread { [self] in self.run(fd) }
        thread.name = "herald-test-stderr"
        thread.start()
    }

    public var lines: [String] { state.withLock { $0.lines } }
    public var finished: Bool { state.withLock { $0.finished } }

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

/// `posix_spawn` or `socketpair` failed.
public struct SpawnError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
