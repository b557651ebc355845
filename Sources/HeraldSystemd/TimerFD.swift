import CSystemd
import Glibc

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A wall-clock timer as a file descriptor (`timerfd_create(2)` on `CLOCK_REALTIME`), for a poll loop.
///
/// ``arm(at:)`` sets an absolute deadline with `TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET`: the descriptor
/// becomes readable when the deadline passes, and also when the wall clock is set discontinuously (an
/// administrator's `date -s`, an NTP step, a suspend/resume correction) while the timer is armed. ``read()``
/// then reports ``Wake/clockChanged``: recompute the next deadline from the new time and arm again. A timer that
/// is not armed does not report clock changes.
///
/// Created close-on-exec and, by default, non-blocking; closed when the instance is deinitialized.
/// `Sendable` for the same reason as ``Inotify``: the only stored state is an immutable descriptor number.
public final class TimerFD: Sendable {
    /// What a ``TimerFD/read()`` found.
    public enum Wake: Sendable, Equatable {
        /// The deadline passed; the count of expirations since the last read (1 for a one-shot timer).
        case fired(UInt64)
        /// The wall clock was set while the timer was armed (`read` failed with `ECANCELED`). Re-arm it.
        case clockChanged
        /// Nothing happened yet (`EAGAIN` on a non-blocking timer).
        case nothing
    }

    /// The timer file descriptor, for polling. Owned by this instance: do not close it.
    public let fd: Int32

    /// Creates a disarmed `CLOCK_REALTIME` timer (`TFD_CLOEXEC`, and `TFD_NONBLOCK` unless `nonBlocking` is
    /// false, in which case ``read()`` waits for the next wake).
    public init(nonBlocking: Bool = true) throws {
        var flags = Int32(TFD_CLOEXEC)
        if nonBlocking {
            flags |= Int32(TFD_NONBLOCK)
        }
        let fd = timerfd_create(CLOCK_REALTIME, flags)
        guard fd >= 0 else {
            throw SystemdError.current("timerfd_create")
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Arms the timer to fire once at `date` (replacing any earlier deadline). A date in the past fires at once.
    public func arm(at date: Date) throws {
        var spec = itimerspec(it_interval: Glibc.timespec(), it_value: Self.deadline(for: date))
        let flags = Int32(TFD_TIMER_ABSTIME) | Int32(TFD_TIMER_CANCEL_ON_SET)
        guard timerfd_settime(fd, flags, &spec, nil) == 0 else {
            throw SystemdError.current("timerfd_settime", context: "\(date)")
        }
    }

    /// Disarms the timer. An expiration that was pending but not yet read is discarded too (the kernel resets
    /// the count whenever the timer is set), so ``fd`` stops being readable.
    public func disarm() throws {
        var spec = itimerspec()
        guard timerfd_settime(fd, 0, &spec, nil) == 0 else {
            throw SystemdError.current("timerfd_settime", context: "disarm")
        }
    }

    /// Reads the timer's state, retrying interrupted reads. A timer that is not readable yet gives ``Wake/nothing``
    /// (non-blocking) or waits (blocking).
    public func read() throws -> Wake {
        while true {
            var expirations: UInt64 = 0
            let count = Glibc.read(fd, &expirations, MemoryLayout<UInt64>.size)
            let error = count < 0 ? errno : 0
            if error == EINTR {
                continue
            }
            return try Self.wake(readResult: count, errno: error, expirations: expirations)
        }
    }

    /// Interprets one `read(2)` of a timerfd: `readResult` is what `read` returned, `errno` its error when it
    /// returned -1, `expirations` the 8-byte value it read.
    ///
    /// This is the path that turns `ECANCELED` into ``Wake/clockChanged``. It is a separate function so that it
    /// can be tested: making the kernel produce `ECANCELED` needs `clock_settime(CLOCK_REALTIME)`, which would
    /// change the host's clock.
    static func wake(readResult: Int, errno: Int32, expirations: UInt64) throws -> Wake {
        if readResult == MemoryLayout<UInt64>.size {
            return .fired(expirations)
        }
        if readResult >= 0 {
            throw SystemdError.shortTransfer(call: "read", expected: MemoryLayout<UInt64>.size, actual: readResult)
        }
        switch errno {
        case ECANCELED:
            return .clockChanged
        case EAGAIN:
            return .nothing
        default:
            throw SystemdError.failed(call: "read", errno: errno, context: "timerfd")
        }
    }

    /// `date` as a `timespec` for an absolute deadline. All-zero would disarm the timer, so dates at or before the
    /// epoch become one nanosecond after it (long past: the timer fires at once).
    static func deadline(for date: Date) -> timespec {
        let interval = date.timeIntervalSince1970
        guard interval > 0 else {
            return Glibc.timespec(tv_sec: 0, tv_nsec: 1)
        }
        var seconds = interval.rounded(.down)
        var nanoseconds = ((interval - seconds) * 1_000_000_000).rounded()
        if nanoseconds >= 1_000_000_000 {
            seconds += 1
            nanoseconds -= 1_000_000_000
        }
        let spec = Glibc.timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds))
        return spec.tv_sec == 0 && spec.tv_nsec == 0 ? Glibc.timespec(tv_sec: 0, tv_nsec: 1) : spec
    }
}
