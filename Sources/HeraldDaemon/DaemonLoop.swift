import Foundation
import HeraldConfig
import HeraldCore
import HeraldEvents
import HeraldPublishers
import HeraldStore
import HeraldSystemd
import Logging

/// The running daemon's state, owned by the one task that runs the scheduler loop.
final class DaemonLoop {
    private var config: HeraldConfiguration
    private let options: DaemonOptions
    private let spool: SpoolDirectory
    private let database: AppDatabase
    private var publishers: [String: any Publisher]
    private let events: EventLog
    private let notifier: Notifier
    private let now: @Sendable () -> Date
    private let continuation: AsyncStream<DaemonEvent>.Continuation
    private var core: SchedulerCore
    private let reactor: Reactor
    private let intake: SpoolIntake
    private let approvals: ApprovalIntake
    private let incomingFD: Int32
    private let stopping = StopFlag()
    private var workers: [String: Task<Void, Never>] = [:]
    private var lastStatus = ""
    /// Degraded states shown first in `STATUS=`, by area (`database`, `reload`), until they clear.
    private var problems: [String: String] = [:]
    private let watchdogInterval: Duration?
    private var lastWatchdog = ContinuousClock.now
    /// While starting: when systemd was last told the start-up is still making progress.
    private var lastExtension: ContinuousClock.Instant?
    private let debugHooks: DebugHooks

    init(
        config: HeraldConfiguration, options: DaemonOptions, logger: Logger, notifier: Notifier,
        now: @escaping @Sendable () -> Date, continuation: AsyncStream<DaemonEvent>.Continuation
    ) throws {
        self.config = config
        self.options = options
        self.notifier = notifier
        self.now = now
        self.continuation = continuation
        events = EventLog(logger: logger)
        spool = SpoolDirectory(root: config.daemon.spool)
        try spool.create()
        let state = config.daemon.state
        if mkdir(state, 0o750) != 0 && errno != EEXIST {
            throw DaemonError.state(path: state, reason: String(cString: strerror(errno)))
        }
        do {
            database = try AppDatabase(path: AppDatabase.path(inStateDirectory: state))
        } catch {
            throw DaemonError.state(path: state, reason: error.description)
        }
        publishers = try Self.makePublishers(config)
        incomingFD = open(spool.incoming, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard incomingFD >= 0 else {
            throw DaemonError.spool(path: spool.incoming, reason: String(cString: strerror(errno)))
        }
        intake = SpoolIntake(spool: spool, incomingFD: incomingFD, database: database, events: events)
        approvals = ApprovalIntake(spool: spool, incomingFD: incomingFD, database: database, events: events)
        watchdogInterval = Notifier.watchdogPingInterval()
        debugHooks = DebugHooks(environment: ProcessInfo.processInfo.environment)
        reactor = try Reactor(watching: spool.incoming, tickInterval: watchdogInterval, continuation: continuation)
        core = SchedulerCore(now: now(), rescanInterval: config.daemon.rescanInterval)
    }

    deinit {
        close(incomingFD)
    }

    static func makePublishers(_ config: HeraldConfiguration) throws -> [String: any Publisher] {
        var publishers: [String: any Publisher] = [:]
        let state = URL(fileURLWithPath: config.daemon.state)
        for account in config.accounts {
            do {
                publishers[account.name] = try PublisherFactory.make(for: account, stateDirectory: state)
            } catch {
                throw DaemonError.config(error.description)  // names the account already
            }
        }
        return publishers
    }

    // MARK: - The loop

    func run(events stream: AsyncStream<DaemonEvent>) async throws {
        // A lease-break signal must never kill us (SpoolFileReader holds read leases while reading).
        signal(SIGIO, SIG_IGN)
        debugHooks.install()
        lastExtension = .now
        _ = try? notifier.status("recovering")
        await recoverInFlight()
        syncSessions()
        handleMissed()
        replan()
        rescan()
        lastExtension = nil
        reactor.start()
        step()
        _ = try? notifier.ready()
        events.daemon(.started, "herald ready", extra: [
            "HERALD_SPOOL": "\(spool.root)", "HERALD_STATE": "\(config.daemon.state)",
            "HERALD_ACCOUNTS": "\(config.accounts.map(\.name).joined(separator: ","))",
        ])
        events.policy(config.policy, accounts: config.accounts)
        notePolicyWarnings()
        updateStatus(force: true)
        for await event in stream {
            debugHooks.stallIfRequested()
            switch event {
            case .spool:
                let found = reactor.drainSpool()
                for name in found.created { checkCreated(name) }
                noteIntake(intake.process(names: found.ready, trigger: .closed, config: config, now: now))
                approvals.process(names: found.ready, trigger: .closed, config: config, now: now())
                if found.ready.count >= 64 { MemoryTrim.afterBurst() }
                if found.overflowed {
                    events.logger.warning("inotify queue overflowed; rescanning incoming")
                    rescan()
                }
            case .timer, .tick:
                break
            case .clockChanged:
                events.logger.notice("wall clock changed; re-arming the timer")
                handleMissed()
            case let .workerFinished(account):
                workers[account] = nil
                core.finished(account: account)
            case .reload:
                reload()
            case .stop:
                await shutdown()
                return
            }
            step()
            pingWatchdog()
        }
    }

    /// Asks `SchedulerCore` what to do now and does it: start workers, rescan, arm the timer.
    private func step() {
        let holdEnd = expireHeld()
        let due: [String: Date]
        do {
            due = try database.earliestDue(accounts: Array(publishers.keys))
        } catch {
            degraded("database", "database not readable: \(error)")
            try? reactor.timer.arm(at: now().addingTimeInterval(5))
            return
        }
        let current = now()
        let decision = core.step(now: current, due: due)
        for account in decision.dispatch { dispatch(account) }
        if decision.rescan {
            replan()
            rescan()
        }
        if let wake = [decision.wakeAt, holdEnd].compactMap({ $0 }).min() {
            try? reactor.timer.arm(at: wake)
        } else {
            try? reactor.timer.disarm()
        }
        updateStatus(due: due)
    }

    private func dispatch(_ name: String) {
        guard let account = config.account(named: name), let publisher = publishers[name] else {
            core.finished(account: name)
            return
        }
        let worker = PublishWorker(
            account: account, publisher: publisher, database: database, events: events, settings: config.daemon,
            backoff: config.daemon.retry, now: now, stopping: stopping, sessions: config.sessions(of: name)
        )
        let continuation = continuation
        workers[name] = Task {
            await worker.run()
            continuation.yield(.workerFinished(account: name))
        }
    }

    private func rescan() {
        let names = intake.candidates()
        noteIntake(intake.process(names: names, trigger: .scan, config: config, now: now,
                                  afterBatch: { extendStartupIfDue() }))
        if names.count >= 64 { MemoryTrim.afterBurst() }
        approvals.process(names: approvals.candidates(), trigger: .scan, config: config, now: now())
        approvals.pruneReplies(now: now())
    }

    /// Held targets whose time (plus `max_lateness`) has passed without an approval become `expired`, logged at
    /// notice: a held post is never published late by surprise. Returns when the next one would expire, for the
    /// timer.
    private func expireHeld() -> Date? {
        let current = now()
        let grace = config.daemon.maxLateness
        do {
            // A read first: the write transaction (and its lock) only when something is due to expire.
            guard let end = try database.earliestHoldEnd() else { return nil }
            let cutoff = current.addingTimeInterval(-grace)
            guard end <= cutoff else { return end.addingTimeInterval(grace) }
            for target in try database.expireHeld(holdEndedBy: cutoff, now: current) {
                let until = RFC3339.string(from: target.holdUntil ?? target.scheduledAt)
                events.post(.expired, "held post expired without approval", postID: target.postID,
                            account: target.account, level: .notice,
                            extra: ["HERALD_HOLD_UNTIL": "\(until)", "HERALD_REASON": "\(target.heldReason ?? "")"])
            }
            return try database.earliestHoldEnd()?.addingTimeInterval(grace)
        } catch {
            degraded("database", "database not writable: \(error)")
            return nil
        }
    }

    /// A file left in `incoming/` by a database or file-system failure is retried by a rescan five seconds
    /// later, and `STATUS=` says the daemon is degraded until a batch goes through again.
    private func noteIntake(_ results: [SpoolIntake.Result]) {
        if results.contains(.deferred) {
            degraded("database", "database not writable; files wait in incoming")
            core.rescanSoon(at: now().addingTimeInterval(5))
        } else if results.contains(where: { if case .accepted = $0 { true } else { false } }) {
            problems["database"] = nil
        }
    }

    /// During a long start-up (recovery, a large rescan), asks systemd for more time every few seconds
    /// (`EXTEND_TIMEOUT_USEC=`), so a big spool is not mistaken for a hung start.
    private func extendStartupIfDue() {
        guard let last = lastExtension, ContinuousClock.now - last >= .seconds(5) else { return }
        _ = try? notifier.extendTimeout(.seconds(30))
        lastExtension = .now
    }

    /// A name created in `incoming/` that will never see a close-write (a link, FIFO, directory or hard link)
    /// is rejected right away; a plain new file waits for its writer to close it.
    private func checkCreated(_ name: String) {
        guard SpoolDirectory.isCandidate(name) else { return }
        var info = stat()
        guard fstatat(incomingFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        if SpoolFileReader.refusal(for: info) != nil {
            noteIntake(intake.process(names: [name], trigger: .closed, config: config, now: now))
        }
    }

    // MARK: - Recovery

    /// Resolves attempts that were in flight when the daemon died: published → recorded; not published →
    /// scheduled again; unknown (the network cannot tell) → scheduled again, logged, as the publisher documents.
    private func recoverInFlight() async {
        let claims: [Claim]
        do {
            claims = try database.inFlight()
        } catch {
            degraded("database", "database not readable: \(error)")
            return
        }
        for claim in claims {
            extendStartupIfDue()
            guard let account = config.account(named: claim.account), let publisher = publishers[claim.account]
            else { continue }
            let worker = PublishWorker(
                account: account, publisher: publisher, database: database, events: events,
                settings: config.daemon, backoff: config.daemon.retry, now: now, stopping: stopping
            )
            let status = worker.status(for: claim)
            switch await publisher.resolve(status) {
            case let .published(remoteID):
                try? worker.record(claim, outcome: .published(remoteID: remoteID))
            case .notPublished:
                try? database.abandon(claim, reason: "not published before the daemon stopped", now: now())
            case .unknown:
                events.post(.retrying, "outcome of an interrupted attempt is unknown; publishing again",
                            postID: claim.postID, account: claim.account, level: .warning)
                try? database.abandon(claim, reason: "outcome unknown after a restart", now: now())
            }
        }
    }

    /// Creates, moves or cancels the sessions' announcement and closing statuses to match the configuration. Runs
    /// after in-flight attempts are resolved, so nothing of a session is published before its ledger is complete.
    private func syncSessions() {
        do {
            try database.syncSessions(config.sessions, now: now())
        } catch {
            degraded("database", "database not writable: \(error)")
        }
    }

    /// Never-attempted posts late by `max_lateness` or more (daemon down, machine suspended, clock set
    /// forward) get the `on_missed` treatment; less late ones simply go out now.
    private func handleMissed() {
        let current = now()
        guard let late = try? database.overdue(before: current.addingTimeInterval(-config.daemon.maxLateness))
        else { return }
        for entry in late {
            guard case let .missed(policy) = Lateness.classify(
                scheduledAt: entry.scheduledAt, now: current, maxLateness: config.daemon.maxLateness,
                policy: config.daemon.onMissed
            ) else { continue }
            switch policy {
            case .publish:
                try? database.markMissed(targetID: entry.targetID, fail: false, now: current)
                events.post(.missed, "post missed its time; publishing late", postID: entry.postID,
                            account: entry.account, level: .warning)
            case .fail:
                try? database.markMissed(targetID: entry.targetID, fail: true, now: current)
                events.post(.missed, "post missed its time; failed", postID: entry.postID, account: entry.account,
                            level: .warning)
            case .reschedule:
                guard let account = config.account(named: entry.account) else { continue }
                let instant = try? database.rescheduleMissed(targetID: entry.targetID, now: current) { occupied in
                    QueuePlanner.nextSlot(for: account, notBefore: current, notAfter: nil, occupied: occupied)
                }
                events.post(.missed, "post missed its time; rescheduled", postID: entry.postID,
                            account: entry.account, level: .warning,
                            extra: [
                                "HERALD_SCHEDULED_AT": "\((instant ?? nil).map { RFC3339.string(from: $0) } ?? "none")",
                            ])
            }
        }
    }

    /// Re-plans every planned account's waiting posts: at start (posts may have waited through a stop), after a
    /// reload (audiences, curves, quiet hours or gaps may have changed) and when the rescan timer fires (a
    /// `herald cancel` or `herald learn` may have freed or changed the best instants; both also re-plan at once).
    private func replan() {
        do {
            let changes = try database.replan(try database.planningContext(config), now: now())
            for change in changes { events.replanned(change) }
        } catch {
            degraded("database", "database not writable: \(error)")
        }
    }

    // MARK: - Reload and stop

    private func reload() {
        _ = try? notifier.reloading()
        do {
            let fresh = try options.loadConfiguration()
            guard fresh.daemon.spool == config.daemon.spool, fresh.daemon.state == config.daemon.state else {
                throw DaemonError.config("spool and state directories cannot change on reload; restart instead")
            }
            publishers = try Self.makePublishers(fresh)
            config = fresh
            syncSessions()
            replan()
            core.rescanInterval = fresh.daemon.rescanInterval
            problems["reload"] = nil
            events.daemon(.reloaded, "configuration reloaded", level: .notice,
                          extra: ["HERALD_CONFIG": "\(options.configPath)"])
            events.policy(fresh.policy, accounts: fresh.accounts)
            notePolicyWarnings()
        } catch {
            events.daemon(.reloadFailed, "configuration reload failed; keeping the running configuration",
                          level: .error, extra: ["HERALD_CONFIG": "\(options.configPath)", "HERALD_ERROR": "\(error)"])
            problems["reload"] = "reload failed, running the previous configuration: \(error)"
        }
        _ = try? notifier.ready()
        updateStatus(force: true)
    }

    private func shutdown() async {
        _ = try? notifier.stopping()
        events.daemon(.stopping, "stopping; letting publishes in flight finish")
        stopping.raise()
        core.stop()
        for (_, task) in workers { await task.value }
        workers = [:]
        reactor.stop()
    }

    // MARK: - Status

    private func pingWatchdog() {
        guard let interval = watchdogInterval else { return }
        let current = ContinuousClock.now
        if current - lastWatchdog >= interval {
            _ = try? notifier.watchdog()
            lastWatchdog = current
        }
    }

    /// The policy's warnings (a terms file with no terms) keep `STATUS=` degraded until a reload clears them.
    private func notePolicyWarnings() {
        let warnings = config.policy.warnings
        problems["policy"] = warnings.isEmpty ? nil : "policy: " + warnings.joined(separator: "; ")
    }

    private func degraded(_ area: String, _ reason: String) {
        if problems[area] != reason {
            events.logger.error("degraded", metadata: ["HERALD_ERROR": "\(reason)"])
        }
        problems[area] = reason
        updateStatus()
    }

    /// `STATUS=`: degraded states first, then the queue: "3 queued; next 2026-11-23 14:00 UTC (brand)", with
    /// ", 1 held" after the count while posts wait for an approver.
    private func updateStatus(due: [String: Date]? = nil, force: Bool = false) {
        let due = due ?? ((try? database.earliestDue(accounts: Array(publishers.keys))) ?? [:])
        let queued = (try? database.queuedCount()) ?? 0
        var text = "\(queued) queued"
        if let held = try? database.heldCount(), held > 0 { text += ", \(held) held" }
        if let next = due.min(by: { $0.value < $1.value }) {
            text += "; next \(StatusText.format(next.value)) (\(next.key))"
        }
        if !problems.isEmpty {
            text = "degraded: " + problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "; ")
                + "; " + text
        }
        if force || text != lastStatus {
            lastStatus = text
            _ = try? notifier.status(text)
        }
    }
}

/// Formats instants for `STATUS=` as DESIGN shows them: `2026-11-23 14:00 UTC`.
enum StatusText {
    static func format(_ date: Date) -> String {
        let text = RFC3339.string(from: date)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }
}
