import Foundation

/// Test-only fault injection, off unless its environment variable is set (never in a packaged unit).
///
/// `HERALD_DEBUG_STALL_SIGNAL=1`: SIGUSR2 makes the scheduler loop stall forever at its next event, so the
/// systemd watchdog test can prove that a hung loop gets the service killed and restarted.
///
/// `HERALD_DEBUG_FEED_CRASH=before-write|after-write`: the process exits (status 70, no clean-up, as a crash would)
/// when a feed poll has new items, before writing their post files or after writing them and before recording them
/// as seen, so the feed tests can prove an item is neither lost nor posted twice across a crash.
struct DebugHooks: Sendable {
    let stallOnSignal: Bool
    let feedCrash: String?

    init(environment: [String: String]) {
        stallOnSignal = environment["HERALD_DEBUG_STALL_SIGNAL"] == "1"
        feedCrash = environment["HERALD_DEBUG_FEED_CRASH"]
    }

    /// Exits at `point` of a feed poll with new items when the environment asked for it.
    func crashFeed(at point: String) {
        guard feedCrash == point else { return }
        _exit(70)
    }

    func install() {
        guard stallOnSignal else { return }
        // The loop notices at its next event; with the watchdog on, ticks come every WATCHDOG_USEC/2.
        signal(SIGUSR2) { _ in DebugHooks.stallRequested = 1 }
    }

    /// Blocks the calling thread for good once SIGUSR2 arrived: the loop stops pinging the watchdog.
    func stallIfRequested() {
        guard stallOnSignal, DebugHooks.stallRequested != 0 else { return }
        while true { sleep(3600) }
    }

    /// Set from the signal handler; a plain C-style flag is all a handler may touch.
    nonisolated(unsafe) static var stallRequested: sig_atomic_t = 0
}
