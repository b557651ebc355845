import Foundation
import HeraldSystemd
import Synchronization

/// A dedicated thread blocked in poll(2) on the spool's inotify fd, the due-time timerfd and a wake-up eventfd.
/// It turns readiness into `DaemonEvent`s for the scheduler loop. Idle, it makes no wake-ups at all (unless the
/// watchdog asks for periodic ticks).
final class Reactor: Sendable {
    let inotify: Inotify
    let timer: TimerFD
    private let wake: EventFD
    private let continuation: AsyncStream<DaemonEvent>.Continuation
    private let stopped = Atomic<Bool>(false)
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

    private func run() {
        let fds = [inotify.fd, timer.fd, wake.fd]
        while !stopped.load(ordering: .sequentiallyConsistent) {
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
            if ready.contains(inotify.fd) { readInotify() }
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

    private func readInotify() {
        guard let events = try? inotify.readEvents() else { return }
        var ready: [String] = []
        var created: [String] = []
        for event in events {
            if event.mask.contains(.queueOverflow) {
                continuation.yield(.overflow)
                continue
            }
            guard let name = event.name else { continue }
            if event.mask.contains(.closeWrite) || event.mask.contains(.movedTo) {
                ready.append(name)
            } else if event.mask.contains(.create) {
                created.append(name)
            }
        }
        if !created.isEmpty { continuation.yield(.created(created)) }
        if !ready.isEmpty { continuation.yield(.files(ready)) }
    }
}
