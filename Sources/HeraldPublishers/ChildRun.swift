import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The poll loop of one started child (see ``ChildProcess``): writes its stdin, reads its stdout and stderr,
/// reaps it, and signals its process group when the timeout passes. Owns and closes the three parent pipe ends.
struct ChildRun {
    let pid: pid_t
    private let input: Data
    private var written = 0
    private var stdin: Int32?
    private var stdout: Int32?
    private var stderr: Int32?
    private let stdoutLimit: Int
    private let stderrLimit: Int
    /// The first `stdoutLimit` bytes of stdout.
    private(set) var stdoutData = Data()
    /// The last bytes of stderr: at most `stderrLimit` once ``wait(timeout:killGrace:)`` has returned.
    private(set) var stderrData = Data()
    /// Whether the timeout passed before the child ended.
    private(set) var timedOut = false

    /// Longest single sleep in the loop: how late, at worst, the exit of a child whose pipes are held open by a
    /// process it left behind is noticed.
    private static let pollCap = 0.05
    private static let chunk = 64 << 10

    /// Takes the parent's ends of the three pipes; makes them non-blocking.
    init(pid: pid_t, input: Data, stdin: Int32, stdout: Int32, stderr: Int32, stdoutLimit: Int, stderrLimit: Int) {
        self.pid = pid
        self.input = input
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutLimit = stdoutLimit
        self.stderrLimit = stderrLimit
        for descriptor in [stdin, stdout, stderr] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
    }

    /// Runs the loop until the child is reaped; closes every pipe end before returning.
    ///
    /// Once the child has exited, what its pipes already hold is read and the loop ends, even when a process it
    /// left behind keeps them open. When `timeout` seconds pass first, stdin is closed and the child's process
    /// group gets SIGTERM, then SIGKILL `killGrace` seconds later.
    mutating func wait(timeout: TimeInterval, killGrace: TimeInterval) -> ChildTermination {
        defer { closeAll() }
        if input.isEmpty { closeStdin() }
        let deadline = Self.monotonicNow() + timeout
        var killAt = Double.infinity
        var killed = false
        var idleSleep = 0.001
        while true {
            if let termination = reap(blocking: killed) {
                drainAvailable()
                if stderrData.count > stderrLimit { stderrData = Data(stderrData.suffix(stderrLimit)) }
                return termination
            }
            let now = Self.monotonicNow()
            if !timedOut, now >= deadline {
                timedOut = true
                closeStdin()
                kill(-pid, SIGTERM)
                killAt = now + killGrace
            }
            if !killed, now >= killAt {
                kill(-pid, SIGKILL)
                killed = true
                continue  // the next reap blocks until the kernel has finished the child
            }

            var wait = min(Self.pollCap, (timedOut ? killAt : deadline) - now)
            var descriptors: [pollfd] = []
            if let stdin { descriptors.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
            if let stdout { descriptors.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if let stderr { descriptors.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            if descriptors.isEmpty {
                // The child closed everything: it is exiting (or lingering); back off while waiting to reap it.
                wait = min(wait, idleSleep)
                idleSleep = min(idleSleep * 2, Self.pollCap)
            } else {
                idleSleep = 0.001
            }
            let milliseconds = Int32(max(0, (wait * 1000).rounded(.up)))
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            guard ready > 0 else { continue }  // timeout or EINTR: loop re-checks everything
            for entry in descriptors where entry.revents != 0 {
                if entry.fd == stdin {
                    writeInput()
                } else if entry.fd == stdout {
                    readOutput(fromStdout: true)
                } else if entry.fd == stderr {
                    readOutput(fromStdout: false)
                }
            }
        }
    }

    /// Stops feeding stdin: the child reads EOF.
    mutating func closeStdin() {
        if let stdin { close(stdin) }
        stdin = nil
    }

    // MARK: - Private

    private mutating func writeInput() {
        guard let stdin else { return }
        let count = input.withUnsafeBytes { bytes in
            write(stdin, bytes.baseAddress! + written, min(bytes.count - written, Self.chunk))
        }
        if count > 0 {
            written += count
            if written == input.count { closeStdin() }
        } else if count < 0, errno != EAGAIN, errno != EINTR {
            closeStdin()  // EPIPE: the child will not read the rest, which is its business
        }
    }

    private mutating func readOutput(fromStdout: Bool) {
        guard let descriptor = fromStdout ? stdout : stderr else { return }
        var buffer = [UInt8](repeating: 0, count: Self.chunk)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            keep(buffer[0..<count], fromStdout: fromStdout)
        } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
            close(descriptor)
            if fromStdout { stdout = nil } else { stderr = nil }
        }
    }

    private mutating func keep(_ bytes: ArraySlice<UInt8>, fromStdout: Bool) {
        if fromStdout {
            let room = stdoutLimit - stdoutData.count
            if room > 0 { stdoutData.append(contentsOf: bytes.prefix(room)) }
        } else {
            stderrData.append(contentsOf: bytes)
            if stderrData.count > 2 * stderrLimit { stderrData = Data(stderrData.suffix(stderrLimit)) }
        }
    }

    /// Reads what the pipes hold right now, without waiting for writers that may never close them.
    private mutating func drainAvailable() {
        for fromStdout in [true, false] {
            while let descriptor = fromStdout ? stdout : stderr {
                var buffer = [UInt8](repeating: 0, count: Self.chunk)
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                keep(buffer[0..<count], fromStdout: fromStdout)
            }
        }
    }

    private mutating func reap(blocking: Bool) -> ChildTermination? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { break }
            if result < 0, errno == EINTR { continue }
            return nil  // still running (or, impossibly, not our child)
        }
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }

    private mutating func closeAll() {
        for descriptor in [stdin, stdout, stderr].compactMap({ $0 }) { close(descriptor) }
        stdin = nil
        stdout = nil
        stderr = nil
    }

    private static func monotonicNow() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
