import CSystemd
import Glibc

/// Waits for file descriptors to become readable: a thin wrapper around `poll(2)`.
public enum Poller {
    /// Blocks until at least one of `fds` is readable, or `timeout` passes, and returns the readable ones (empty
    /// on timeout). A descriptor in an error or hang-up state (`POLLERR`, `POLLHUP`, `POLLNVAL`) also counts as
    /// ready, so that the caller's next read reports the problem instead of the loop spinning.
    ///
    /// - Parameters:
    ///   - fds: descriptors to watch; negative entries are ignored (as `poll(2)` does).
    ///   - timeout: how long to wait at most; `nil` waits indefinitely, zero or negative only checks. It is rounded
    ///     up to whole milliseconds (so the call never returns before a deadline it was given), and capped at
    ///     `Int32.max` milliseconds (about 24 days).
    /// - Throws: ``SystemdError`` if `poll` fails other than by `EINTR`. An interrupted wait is resumed with the
    ///   time that remains.
    public static func wait(_ fds: [Int32], timeout: Duration?) throws -> Set<Int32> {
        var entries = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        while true {
            let milliseconds = deadline.map { Self.milliseconds(until: $0, from: clock.now) } ?? -1
            let result = poll(&entries, nfds_t(entries.count), milliseconds)
            if result >= 0 {
                return Set(entries.filter { $0.fd >= 0 && $0.revents != 0 }.map(\.fd))
            }
            guard errno == EINTR else {
                throw SystemdError.current("poll")
            }
        }
    }

    /// Whole milliseconds from `now` until `deadline`, rounded up, between 0 and `Int32.max`.
    static func milliseconds(until deadline: ContinuousClock.Instant, from now: ContinuousClock.Instant) -> Int32 {
        let remaining = now.duration(to: deadline)
        guard remaining > .zero else {
            return 0
        }
        let (seconds, attoseconds) = remaining.components
        let wholeMilliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !wholeMilliseconds.overflow else {
            return Int32.max
        }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: wholeMilliseconds.partialValue + fraction)
    }
}
