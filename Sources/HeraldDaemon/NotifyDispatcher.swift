import Foundation
import HeraldCore
import HeraldEvents
import HeraldPublishers
import HeraldStore
import Logging
import Synchronization

/// Delivers notifications (issue 15) in a task of its own, so a slow or failing receiver never holds up the
/// scheduler loop or publishing.
///
/// Each pass routes the notifications the database recorded (triggers write them with the events themselves) into
/// one delivery per `[[notify]]` entry that wants them, then sends the due deliveries: each entry's in order, the
/// entries side by side. An acknowledged delivery is marked delivered; any other outcome is retried with the
/// daemon's backoff (`retry_base`, `retry_cap`) until `give_up_after` has passed since its first attempt, then
/// given up with a `notify-failed` journal entry. The state is the database's alone: a restart resends every
/// delivery not acknowledged (at least once; receivers de-duplicate by the delivery id).
///
/// The loop wakes it after each of its steps (``wake()``, coalesced); it wakes itself when the next retry is due,
/// and, while it has entries, at least every minute.
final class NotifyDispatcher: Sendable {
    /// What the task is asked to do.
    enum Command: Sendable {
        case configure([NotifySender], retry: Backoff, giveUpAfter: TimeInterval)
        case wake
        case stop
    }

    /// The longest the task sleeps without a wake-up.
    static let idleWake: TimeInterval = 60

    private let database: AppDatabase
    private let events: EventLog
    private let now: @Sendable () -> Date
    private let commands: AsyncStream<Command>
    private let continuation: AsyncStream<Command>.Continuation
    /// Called when an entry starts or stops failing, so the loop refreshes `STATUS=`.
    private let healthChanged: @Sendable () -> Void
    /// Whether this node delivers (issue 17: one node at a time, the holder of the `@notify` role).
    private let delivering: @Sendable () -> Bool
    /// The entries failing now, with their last reason.
    private let failing = Mutex<[String: String]>([:])
    /// Whether a `.wake` is already queued (the loop steps far more often than the task needs waking).
    private let wakeQueued = Atomic<Bool>(false)
    /// Raised by ``stop()``: no new attempt starts.
    private let stopped = Atomic<Bool>(false)
    /// The delivery task, once started.
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(
        database: AppDatabase, events: EventLog, now: @escaping @Sendable () -> Date,
        delivering: @escaping @Sendable () -> Bool = { true }, healthChanged: @escaping @Sendable () -> Void
    ) {
        self.delivering = delivering
        self.database = database
        self.events = events
        self.now = now
        self.healthChanged = healthChanged
        let (stream, continuation) = AsyncStream.makeStream(of: Command.self)
        commands = stream
        self.continuation = continuation
    }

    /// The entries failing now, by name, with their last failure.
    var problems: [String: String] { failing.withLock { $0 } }

    func configure(_ senders: [NotifySender], retry: Backoff, giveUpAfter: TimeInterval) {
        continuation.yield(.configure(senders, retry: retry, giveUpAfter: giveUpAfter))
    }

    func wake() {
        if !wakeQueued.exchange(true, ordering: .acquiringAndReleasing) { continuation.yield(.wake) }
    }

    /// Ends the task once its attempts in flight are recorded (each bounded by its entry's `timeout`); the
    /// deliveries not acknowledged are sent again by the next start.
    func stop() async {
        stopped.store(true, ordering: .sequentiallyConsistent)
        continuation.yield(.stop)
        continuation.finish()
        await task.withLock { $0 }?.value
    }

    /// Starts the delivery task.
    func start() {
        task.withLock { $0 = Task { await self.run() } }
    }

    // MARK: - The task

    /// The state of the task between passes.
    private struct Settings {
        var senders: [String: NotifySender] = [:]
        var retry = Backoff()
        var giveUpAfter: TimeInterval = 86_400
    }

    private func run() async {
        var settings = Settings()
        var sleeper: Task<Void, Never>?
        for await command in commands {
            switch command {
            case let .configure(senders, retry, giveUpAfter):
                settings = Settings(
                    senders: Dictionary(senders.map { ($0.target.name, $0) }, uniquingKeysWith: { $1 }),
                    retry: retry, giveUpAfter: giveUpAfter)
                let names = Set(settings.senders.keys)
                update { failing in failing = failing.filter { names.contains($0.key) } }
                do {
                    try database.parkDeliveries(keeping: names)
                } catch {
                    events.logger.error("cannot set aside removed entries' notifications",
                                        metadata: ["HERALD_ERROR": "\(error)"])
                }
            case .wake:
                wakeQueued.store(false, ordering: .sequentiallyConsistent)
            case .stop:
                sleeper?.cancel()
                return
            }
            let next = await pass(settings)
            sleeper?.cancel()
            sleeper = nil
            // Without entries there is nothing to retry: an idle heraldd must not wake for nothing.
            if settings.senders.isEmpty && next == nil { continue }
            let delay = max(0.05, min(Self.idleWake, next.map { $0.timeIntervalSince(now()) } ?? Self.idleWake))
            sleeper = Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                if !Task.isCancelled { self?.wake() }
            }
        }
        sleeper?.cancel()
    }

    /// Routes what was recorded, sends what is due; returns when the next delivery is due.
    private func pass(_ settings: Settings) async -> Date? {
        guard delivering() else { return nil }  // another node delivers; the loop wakes this task at every step
        let names = Set(settings.senders.keys)
        do {
            // A read first: the loop wakes this task at every step, and most steps recorded nothing to route.
            while try database.hasUnroutedNotifications(), !stopped.load(ordering: .sequentiallyConsistent) {
                try database.routeNotifications(to: settings.senders.values.map(\.target), now: now())
            }
            while !stopped.load(ordering: .sequentiallyConsistent) {
                let due = try database.dueDeliveries(targets: names, now: now())
                guard !due.isEmpty else { break }
                let recorded = await withTaskGroup(of: Bool.self) { group in
                    for (name, deliveries) in Dictionary(grouping: due, by: \.target) {
                        guard let sender = settings.senders[name] else { continue }
                        group.addTask {
                            for delivery in deliveries where !self.stopped.load(ordering: .sequentiallyConsistent) {
                                guard await self.attempt(delivery, with: sender, settings: settings) else {
                                    return false
                                }
                            }
                            return true
                        }
                    }
                    return await group.reduce(true) { $0 && $1 }
                }
                // An attempt the database did not take leaves its delivery due as it was: asking again at once
                // would send it again and again while the database refuses (full disk, a held lock).
                guard recorded else { return now().addingTimeInterval(5) }
            }
            return try database.nextDeliveryAt(targets: names)
        } catch {
            events.logger.error("cannot read or record notifications", metadata: ["HERALD_ERROR": "\(error)"])
            return now().addingTimeInterval(5)
        }
    }

    /// Sends one delivery and records the attempt; false when the database did not take the record.
    private func attempt(
        _ delivery: NotifyDeliveryRecord, with sender: NotifySender, settings: Settings
    ) async -> Bool {
        let outcome = await sender.send(delivery.payload)
        let current = now()
        let target = delivery.target
        let payload = delivery.payload
        func log(_ event: NotifyLogEvent, _ message: String, level: Logger.Level, reason: String? = nil) {
            let extra: Logger.Metadata = reason.map { ["HERALD_REASON": .string($0)] } ?? [:]
            events.notify(event, "\(message)", target: target, delivery: payload.delivery,
                          notified: payload.event.rawValue, postID: payload.postID, account: payload.account,
                          level: level, extra: extra)
        }
        switch outcome {
        case .acknowledged:
            do {
                try database.recordDeliveryAttempt(payload.delivery, acknowledged: true, error: nil, retryAt: nil,
                                                   now: current)
            } catch {
                // Sent again after this; the receiver de-duplicates by the delivery id.
                events.logger.error("cannot record a notification as delivered", metadata: [
                    "HERALD_DELIVERY": "\(payload.delivery)", "HERALD_ERROR": "\(error)",
                ])
                return false
            }
            log(.delivered, "notification delivered", level: .debug)
            update { $0[target] = nil }
            return true
        case let .refused(reason):
            let retryAt = settings.retry.nextAttempt(
                after: current, attempt: delivery.attempts + 1, firstAttemptAt: delivery.firstAttemptAt ?? current,
                giveUpAfter: settings.giveUpAfter, unit: Double.random(in: 0...1))
            do {
                try database.recordDeliveryAttempt(payload.delivery, acknowledged: false, error: reason,
                                                   retryAt: retryAt, now: current)
            } catch {
                events.logger.error("cannot record a notification's attempt", metadata: [
                    "HERALD_DELIVERY": "\(payload.delivery)", "HERALD_ERROR": "\(error)",
                ])
                return false
            }
            if retryAt == nil {
                log(.failed, "notification not delivered; giving up", level: .warning, reason: reason)
            } else {
                log(.retrying, "notification not delivered; retrying", level: .info, reason: reason)
            }
            update { $0[target] = reason }
            return true
        }
    }

    /// Changes the failing entries, telling the loop when that changed anything.
    private func update(_ change: (inout [String: String]) -> Void) {
        let changed = failing.withLock { failing in
            let before = failing
            change(&failing)
            return before != failing
        }
        if changed { healthChanged() }
    }
}
