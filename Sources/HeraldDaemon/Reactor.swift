import Foundation
import HeraldSystemd
import Synchronization

/// A dedicated thread blocked in poll(2) on the spool's inotify fd, the due-time timerfd and a wake-up eventfd.
/// It turns readiness into `DaemonEvent`s for the scheduler loop. Idle, it makes no wake-ups at all (unless the
/// watchdog asks for periodic ticks).
///
/// Spool events are coalesced: the thread only says "the spool has events" and stops watching inotify until the
/// loop has drained them (`drainSpool`). Under a burst, whatever arrives while the loop commits one batch becomes
/// the next batch, so the number of transactions adapts to the load instead of following each file.
final class Reactor: Sendable {
    /// What one drain of the inotify queue found.
    struct SpoolEvents {
        /// Names closed after writing or renamed in: ready to read.
        var ready: [String] = []
        /// Names created that may never see a close-write (links, FIFOs, directories, hard links).
        var created: [String] = []
        /// The kernel dropped events: rescan.
        var overflowed = false
    }

    let timer: TimerFD
    private let inotify: Inotify
    private let wake: EventFD
    private let continuation: AsyncStream<DaemonEvent>.Continuation
    private let stopped = Atomic<Bool>(false)
    private let spoolPending = Atomic<Bool>(false)
    /// Poll timeout, for watchdog ticks; nil = block until something happens.
    private let tickInterval: Duration?

    init(watching directory: String, tickInterval: Duration?, continuation: AsyncStream<DaemonEvent>.Continuation)
        throws
    {
        inotify = try Inotify()
        _ = try inotify.addWatch(directory, mask: [.closeWrite, .movedTo, .create, .onlyDirectory, .dontFollow])
        timer = try TimerFD()
        wake = try EventFD()
        self.tickInterval = tickInterval
        self.continuation = continuation
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "herald-reactor"
        thread.start()
    }

    /// Stops the thread at its next wake-up (the eventfd makes that immediate).
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        try? wake.signal()
    }

    /// Reads every queued inotify event (called by the loop after `.spool`), then lets the thread watch again.
    func drainSpool() -> SpoolEvents {
        var found = SpoolEvents()
        while let events = try? inotify.readEvents(), !events.isEmpty {
            for event in events {
                if event.mask.contains(.queueOverflow) {
                    found.overflowed = true
                } else if let name = event.name {
                    if event.mask.contains(.closeWrite) || event.mask.contains(.movedTo) {
                        found.ready.append(name)
                    } else if event.mask.contains(.create) {
                        found.created.append(name)
                    }
                }
            }
        }
        spoolPending.store(false, ordering: .sequentiallyConsistent)
        try? wake.signal()
        return found
    }

    /// Whether files are waiting to be read: the loop has not drained the last `.spool`, or inotify has more.
    var spoolArriving: Bool {
        spoolPending.load(ordering: .sequentiallyConsistent)
            || !((try? Poller.wait([inotify.fd], timeout: .zero)) ?? []).isEmpty
    }

    private func run() {
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let watchSpool = !spoolPending.load(ordering: .sequentiallyConsistent)
            let fds = watchSpool ? [inotify.fd, timer.fd, wake.fd] : [timer.fd, wake.fd]
            let ready: Set<Int32>
            do {
                ready = try Poller.wait(fds, timeout: tickInterval)
            } catch {
                continue
            }
            if ready.isEmpty {
                continuation.yield(.tick)
                continue
            }
            if ready.contains(wake.fd) { _ = try? wake.drain() }
            if watchSpool && ready.contains(inotify.fd) {
                spoolPending.store(true, ordering: .sequentiallyConsistent)
                continuation.yield(.spool)
            }
            if ready.contains(timer.fd) {
                switch (try? timer.read()) ?? .nothing {
                case .fired: continuation.yield(.timer)
                case .clockChanged: continuation.yield(.clockChanged)
                case .nothing: break
                }
            }
        }
        continuation.finish()
    }
}
