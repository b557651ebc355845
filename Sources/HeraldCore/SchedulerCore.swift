import Foundation

/// The scheduler loop's decisions as a value-type state machine: the daemon feeds it the clock and the earliest
/// due instant of each account, and carries out what it returns. Nothing here sleeps or reads a clock, so tests
/// drive it with a manual clock.
///
/// Invariants it keeps:
/// - at most one publishing worker per account (statuses of an account go out in order, one at a time);
/// - the timer is armed for the earliest instant at which something can happen (a due post of an idle account
///   or the periodic rescan) and never in the past for a busy account — that would spin;
/// - once stopping, nothing new is dispatched.
public struct SchedulerCore: Sendable, Equatable {
    /// What the loop must do after a step.
    public struct Decision: Sendable, Equatable {
        /// Accounts whose worker must start now.
        public var dispatch: [String]
        /// Whether to rescan `incoming/` now.
        public var rescan: Bool
        /// When to wake next (nil: only an event can wake the loop).
        public var wakeAt: Date?
    }

    public private(set) var busy: Set<String> = []
    public private(set) var nextRescan: Date?
    public private(set) var stopping = false
    /// Seconds between periodic rescans; nil disables them.
    public var rescanInterval: TimeInterval?

    public init(now: Date, rescanInterval: TimeInterval?) {
        self.rescanInterval = rescanInterval
        nextRescan = rescanInterval.map { now.addingTimeInterval($0) }
    }

    /// One step: `due` holds the earliest due instant of every account with scheduled work — or at least of every
    /// account due at `now` and of the idle account due soonest after it (the store reads just those from a long
    /// queue): no other account can be dispatched now or move the wake-up earlier.
    public mutating func step(now: Date, due: [String: Date]) -> Decision {
        var dispatch: [String] = []
        var wakeAt: Date?
        if !stopping {
            for (account, instant) in due.sorted(by: { $0.key < $1.key }) where !busy.contains(account) {
                if instant <= now {
                    dispatch.append(account)
                    busy.insert(account)
                } else {
                    wakeAt = min(wakeAt ?? instant, instant)
                }
            }
        }
        var rescan = false
        if let next = nextRescan, !stopping {
            if next <= now {
                rescan = true
                nextRescan = rescanInterval.map { now.addingTimeInterval($0) }
            }
            if let upcoming = nextRescan { wakeAt = min(wakeAt ?? upcoming, upcoming) }
        }
        return Decision(dispatch: dispatch, rescan: rescan, wakeAt: wakeAt)
    }

    /// Brings the next rescan forward to `at` (e.g. to retry files a failed transaction left in `incoming/`),
    /// even when periodic rescans are off.
    public mutating func rescanSoon(at instant: Date) {
        nextRescan = min(nextRescan ?? instant, instant)
    }

    /// The loop started a worker outside a step (a cluster node settling an account's attempts left in flight,
    /// with nothing due): the account is busy until it finishes.
    public mutating func started(account: String) {
        if !stopping { busy.insert(account) }
    }

    /// A worker has drained its account's due work.
    public mutating func finished(account: String) {
        busy.remove(account)
    }

    /// No new dispatches from now on; workers already running finish their current status.
    public mutating func stop() {
        stopping = true
    }

    /// Whether every worker has finished (for a clean exit after `stop()`).
    public var isIdle: Bool { busy.isEmpty }
}
