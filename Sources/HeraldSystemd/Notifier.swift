import CSystemd
import Glibc

/// Tells the service manager about the daemon's state through `sd_notify(3)`.
///
/// Every message goes to the socket named by `$NOTIFY_SOCKET`. When that variable is unset (the daemon runs in a
/// terminal, or under a unit that is not `Type=notify`), every call is a no-op that returns `false`. The
/// environment is left as it is, so child processes started later see the same `$NOTIFY_SOCKET`; whether a child
/// may notify is decided by the unit's `NotifyAccess=` (Herald's unit uses `main`).
///
/// The methods return whether a message was sent, and throw only when sending failed (the socket is gone, the
/// message was refused). A daemon usually logs such an error and carries on.
public struct Notifier: Sendable {
    /// Creates a notifier. It holds no state: each call reads `$NOTIFY_SOCKET` afresh.
    public init() {}

    /// `READY=1`: start-up (or a reload) is complete. Herald sends it only once the configuration is loaded, the
    /// spool is recovered and watched, and the timers are armed.
    @discardableResult
    public func ready() throws -> Bool {
        try send("READY=1")
    }

    /// `STATUS=…`: a one-line, human-readable state that `systemctl status` shows. Line breaks become spaces,
    /// because the notification protocol is line-based.
    @discardableResult
    public func status(_ text: String) throws -> Bool {
        try send("STATUS=" + Self.singleLine(text))
    }

    /// `STOPPING=1`: shutdown has begun (sent first on SIGTERM).
    @discardableResult
    public func stopping() throws -> Bool {
        try send("STOPPING=1")
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=` (the current `CLOCK_MONOTONIC` time in microseconds), as
    /// `Type=notify-reload` requires and `Type=notify` accepts. Send ``ready()`` once the reload has finished,
    /// whether or not the new configuration was accepted.
    @discardableResult
    public func reloading() throws -> Bool {
        try send("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())")
    }

    /// `WATCHDOG=1`: the keep-alive ping. Send it from the loop whose liveness it vouches for, at least every
    /// half ``watchdogInterval()``.
    @discardableResult
    public func watchdog() throws -> Bool {
        try send("WATCHDOG=1")
    }

    /// `EXTEND_TIMEOUT_USEC=…`: asks the service manager for `duration` more time from now before it gives up on
    /// the current start-up, reload or shutdown. Send it repeatedly, before each extension runs out, while a long
    /// recovery proceeds. Sub-microsecond parts are rounded up.
    @discardableResult
    public func extendTimeout(_ duration: Duration) throws -> Bool {
        try send("EXTEND_TIMEOUT_USEC=\(Self.microseconds(duration))")
    }

    /// Sends `message` as it is: one or more `NAME=value` assignments separated by newlines.
    @discardableResult
    public func send(_ message: String) throws -> Bool {
        let result = sd_notify(0, message)
        if result < 0 {
            throw SystemdError.negative("sd_notify", result: result, context: message)
        }
        return result > 0
    }

    /// The watchdog interval the service manager expects for this process (`WatchdogSec=`), or `nil` when the
    /// watchdog is off or meant for another process (`$WATCHDOG_PID` names a different pid).
    ///
    /// Send ``watchdog()`` at least every **half** this interval (``watchdogPingInterval()``), as
    /// `sd_watchdog_enabled(3)` recommends: a ping sent exactly once per interval would miss the deadline whenever
    /// the loop is a little late.
    public static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else {
            return nil
        }
        return .microseconds(Int64(clamping: usec))
    }

    /// Half of ``watchdogInterval()``: how often to ping, or `nil` when the watchdog is off.
    public static func watchdogPingInterval() -> Duration? {
        watchdogInterval().map { $0 / 2 }
    }

    /// `CLOCK_MONOTONIC` now, in microseconds: the clock `MONOTONIC_USEC=` is measured on.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// Whole microseconds in `duration`, rounded up; 0 for negative durations.
    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else {
            return 0
        }
        let micros = (attoseconds + 999_999_999_999) / 1_000_000_000_000
        return UInt64(seconds) * 1_000_000 + UInt64(micros)
    }

    /// `text` with line breaks replaced by spaces.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
