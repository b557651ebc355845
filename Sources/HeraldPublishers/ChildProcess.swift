import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command (argv, no shell) to completion: feeds it stdin, collects stdout and stderr, enforces a timeout.
///
/// Built on `posix_spawnp` and `poll(2)` on one dedicated thread per run, so that:
/// - **No deadlock**: stdin is written while stdout and stderr are read, all non-blocking in one poll loop, so a
///   child that writes a lot before reading, or never reads, cannot block the parent.
/// - **No SIGPIPE**: the runner thread blocks SIGPIPE for itself; a child that exits or closes stdin before
///   reading everything makes `write` fail with EPIPE, which just ends the writing (the pending signal is consumed
///   before the thread exits). The daemon's signal dispositions are not touched.
/// - **Clean child**: the child gets the default disposition for every signal and an empty signal mask (whatever
///   the daemon ignores or blocks), stdin/stdout/stderr on the pipes and no other descriptor of the daemon (the
///   pipes are close-on-exec; `posix_spawn_file_actions_addclosefrom_np` closes the rest, see ``GlibcExtensions``). The
///   environment and working directory are the daemon's; `argv[0]` is looked up in `PATH` when it has no slash.
/// - **Killable**: the child leads its own process group. When the timeout passes, the group gets SIGTERM, and
///   SIGKILL after the grace period, so the helpers a script started die with it.
/// - **Bounded**: stdout is kept up to a limit from the start, stderr up to a limit from the end; the rest is read
///   and dropped so the child never blocks on a full pipe.
/// - **Prompt**: once the child has exited, what is already in the pipes is read and the run ends, even when a
///   background process it left behind still holds the pipes open.
/// - **Not the cooperative pool**: the blocking work runs on its own thread; the caller's task just awaits.
///   Cancelling the task does not stop the child: a run ends by the child's exit or the timeout.
enum ChildProcess {
    /// Runs `arguments`, writing `input` to its stdin, and waits for it to end.
    /// - Parameters:
    ///   - timeout: Seconds from the start after which the child's process group gets SIGTERM.
    ///   - killGrace: Seconds after SIGTERM before SIGKILL.
    ///   - stdoutLimit: Bytes of stdout kept (from the start).
    ///   - stderrLimit: Bytes of stderr kept (from the end).
    static func run(
        _ arguments: [String], input: Data, timeout: TimeInterval, killGrace: TimeInterval,
        stdoutLimit: Int = 64 << 10, stderrLimit: Int = 2 << 10
    ) async -> Result<ChildOutcome, SpawnError> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let result = runBlocking(
                    arguments, input: input, timeout: timeout, killGrace: killGrace, stdoutLimit: stdoutLimit,
                    stderrLimit: stderrLimit)
                continuation.resume(returning: result)
            }
            thread.name = "herald-exec"
            thread.start()
        }
    }

    // MARK: - The blocking run

    private static func runBlocking(
        _ arguments: [String], input: Data, timeout: TimeInterval, killGrace: TimeInterval, stdoutLimit: Int,
        stderrLimit: Int
    ) -> Result<ChildOutcome, SpawnError> {
        guard !arguments.isEmpty else { return .failure(.emptyCommand) }

        // SIGPIPE stays pending on this thread instead of killing the daemon; consumed before returning.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask)
        defer {
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            while sigtimedwait(&pipeSignal, nil, &zero) == SIGPIPE {}
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }

        var pipes: [(read: Int32, write: Int32)] = []
        for _ in 0..<3 {
            switch makePipe() {
            case .success(let ends):
                pipes.append(ends)
            case .failure(let error):
                for ends in pipes { close(ends.read); close(ends.write) }
                return .failure(error)
            }
        }
        let (stdinPipe, stdoutPipe, stderrPipe) = (pipes[0], pipes[1], pipes[2])
        let spawned = spawn(arguments, stdin: stdinPipe.read, stdout: stdoutPipe.write, stderr: stderrPipe.write)
        // The child has its own copies; ours of its ends must go, or EOF never comes.
        for descriptor in [stdinPipe.read, stdoutPipe.write, stderrPipe.write] { close(descriptor) }
        let pid: pid_t
        switch spawned {
        case .success(let child):
            pid = child
        case .failure(let error):
            for descriptor in [stdinPipe.write, stdoutPipe.read, stderrPipe.read] { close(descriptor) }
            return .failure(error)
        }

        var run = ChildRun(
            pid: pid, input: input, stdin: stdinPipe.write, stdout: stdoutPipe.read, stderr: stderrPipe.read,
            stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
        let termination = run.wait(timeout: timeout, killGrace: killGrace)
        return .success(
            ChildOutcome(
                termination: termination, stdout: run.stdoutData, stderrTail: run.stderrData,
                timedOut: run.timedOut))
    }

    /// A close-on-exec pipe whose ends are both above 2 (a daemon started with 0, 1 or 2 closed could get them,
    /// and `dup2` of a descriptor onto itself would leave close-on-exec set in the child).
    private static func makePipe() -> Result<(read: Int32, write: Int32), SpawnError> {
        var ends: [Int32] = [-1, -1]
        if let pipe2 = GlibcExtensions.shared.pipe2 {
            guard pipe2(&ends, O_CLOEXEC) == 0 else {
                return .failure(.noResources(operation: "pipe2", errno: errno))
            }
        } else {
            // Without pipe2 another thread's spawn could inherit these before close-on-exec is set; closefrom in
            // the spawn actions (where it exists) still keeps them out of other children.
            guard pipe(&ends) == 0 else { return .failure(.noResources(operation: "pipe", errno: errno)) }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        }
        for index in 0..<2 where ends[index] < 3 {
            let moved = fcntl(ends[index], F_DUPFD_CLOEXEC, 3)
            let code = errno
            close(ends[index])
            ends[index] = moved
            if moved < 0 {
                for end in ends where end >= 0 { close(end) }
                return .failure(.noResources(operation: "fcntl", errno: code))
            }
        }
        return .success((ends[0], ends[1]))
    }

    /// Starts the child with its own process group, default signal handling and the three pipe ends.
    private static func spawn(
        _ arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32
    ) -> Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else {
            return .failure(.noResources(operation: "posix_spawn_file_actions_init", errno: errno))
        }
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        if let closeFrom = GlibcExtensions.shared.addCloseFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        guard posix_spawnattr_init(&attributes) == 0 else {
            return .failure(.noResources(operation: "posix_spawnattr_init", errno: errno))
        }
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Int32(1)..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard status == 0 else {
            switch status {
            case EAGAIN, ENOMEM, EMFILE, ENFILE, ETXTBSY:  // ETXTBSY: the executable is being written right now
                return .failure(.noResources(operation: "posix_spawnp \(arguments[0])", errno: status))
            default:
                return .failure(.cannotStart(command: arguments[0], errno: status))
            }
        }
        return .success(pid)
    }
}
