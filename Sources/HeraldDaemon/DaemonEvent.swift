import HeraldStore

/// Everything that can wake the scheduler loop. The loop handles them one at a time, in order.
enum DaemonEvent: Sendable {
    /// `incoming/` has inotify events: drain them with `Reactor.drainSpool()`.
    case spool
    /// The timer armed for the earliest due post (or the periodic rescan) fired.
    case timer
    /// The wall clock was set: due times may have passed or moved away.
    case clockChanged
    /// A quiet poll interval passed (watchdog keep-alive).
    case tick
    /// A publishing worker drained its account's due work, or stopped because the network refused the account's
    /// credentials (`paused`, already recorded in the database).
    case workerFinished(account: String, paused: AccountPause?)
    /// Accounts are still marked for the planner: settle the next one (after the events queued before it).
    case plan
    /// A feed's poll came back (`DaemonLoop+Feeds`).
    case feedPolled(FeedPoll)
    /// SIGHUP: reload the configuration.
    case reload
    /// Graceful shutdown requested.
    case stop
}
