/// Everything that can wake the scheduler loop. The loop handles them one at a time, in order.
enum DaemonEvent: Sendable {
    /// Names that appeared in `incoming/` (close-write or moved-to: ready to read).
    case files([String])
    /// Names created in `incoming/` that never get a close-write (links, FIFOs, directories): check their type.
    case created([String])
    /// The kernel dropped inotify events: rescan.
    case overflow
    /// The timer armed for the earliest due post (or the periodic rescan) fired.
    case timer
    /// The wall clock was set: due times may have passed or moved away.
    case clockChanged
    /// A quiet poll interval passed (watchdog keep-alive).
    case tick
    /// A publishing worker drained its account's due work.
    case workerFinished(account: String)
    /// SIGHUP: reload the configuration.
    case reload
    /// Graceful shutdown requested.
    case stop
}
