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
    var config: HeraldConfiguration
    let options: DaemonOptions
    let spool: SpoolDirectory
    let database: AppDatabase
    /// This node's lock on its name (and its LISTEN) on a PostgreSQL database; nil on SQLite.
    var nodeGuard: NodeGuard?
    /// Who this node is among those sharing the database; nil on SQLite.
    let node: NodeIdentity?
    /// The accounts this node holds (all of them on SQLite).
    let membership: ClusterMembership
    /// When the next cluster step is due.
    var clusterNext: Date?
    var publishers: [String: any Publisher]
    /// Digests of the credentials each account's publisher was made with (accounts that have credentials).
    var credentials: [String: String]
    /// Accounts whose credentials the network refused: no worker runs for them (`DaemonLoop+Pauses`).
    var paused: [String: AccountPause] = [:]
    /// Per paused account, the time up to which its waiting posts have been judged missed (`watchPaused`).
    var pauseWatch: [String: Date] = [:]
    /// The paused accounts whose `HERALD_EVENT=paused` entry was written (by this process, or a previous one).
    var announcedPauses: Set<String> = []
    /// When each account's credentials expire, as its publisher last said (`DaemonLoop+Expiry`).
    var expiries: [String: Date] = [:]
    /// The expiry each account was last warned about.
    var expiryWarned: [String: Date] = [:]
    /// When to ask the publishers about their credentials' expiry again.
    var expiryWake: Date?
    /// When each feed is polled next (none yet: at the next step), the polls under way, and the permanent
    /// redirects already reported (`DaemonLoop+Feeds`).
    var feedNext: [String: Date] = [:]
    var feedTasks: [String: Task<Void, Never>] = [:]
    var feedMoves: [String: String] = [:]
    /// Delivers `[[notify]]` notifications in a task of its own (`DaemonLoop+Notify`).
    let notifications: NotifyDispatcher
    /// Metrics fetches' rests and learning's schedule, shared with the workers (`DaemonLoop+Engagement`).
    let metricsState = MetricsState()
    /// Each metrics account's next due fetch as last read (`.some(nil)`: none), dropped when its worker finishes
    /// (`DaemonLoop+Engagement`).
    var metricsDueCache: [String: Date?] = [:]
    let events: EventLog
    let notifier: Notifier
    let now: @Sendable () -> Date
    let continuation: AsyncStream<DaemonEvent>.Continuation
    var core: SchedulerCore
    let reactor: Reactor
    let intake: SpoolIntake
    let approvals: ApprovalIntake
    let incomingFD: Int32
    let stopping = StopFlag()
    var workers: [String: Task<Void, Never>] = [:]
    var lastStatus = ""
    /// Degraded states shown first in `STATUS=`, by area (`database`, `reload`), until they clear.
    var problems: [String: String] = [:]
    let watchdogInterval: Duration?
    var lastWatchdog = ContinuousClock.now
    /// While starting: when systemd was last told the start-up is still making progress.
    var lastExtension: ContinuousClock.Instant?
    /// Until when marked accounts wait for the planner's time (the loop's timer wakes it then).
    var planRest: ContinuousClock.Instant?
    /// Whether a `.plan` event is already on its way.
    var planQueued = false
    /// When to hand memory back after the last burst, if it stays quiet until then.
    var trimDue: ContinuousClock.Instant?
    static let trimDelay: Duration = .seconds(2)
    let debugHooks: DebugHooks
    /// Counters and histograms for the Prometheus endpoint, and the endpoint when `[daemon] metrics` asks for one.
    let metrics = DaemonMetrics()
    var metricsServer: MetricsServer?
    /// The address `metricsServer` was started for (also when starting it failed), to notice a reload moving it.
    var metricsListen: MetricsListen?
    /// Evergreen folders: when to look again, what was logged (`DaemonLoop+Evergreen`).
    var evergreen = EvergreenState()

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
        database = try Self.openDatabase(config.daemon)
        if database.isShared {
            let identity = Self.nodeIdentity(config.daemon, now: now())
            do {
                nodeGuard = try database.holdNode(name: identity.name)
            } catch {
                throw DaemonError.state(path: database.location, reason: error.description)
            }
            node = identity
            membership = ClusterMembership(lease: config.daemon.lease)
        } else {
            nodeGuard = nil
            node = nil
            membership = ClusterMembership(lease: nil)
        }
        (publishers, credentials) = try Self.makePublishers(config)
        notifications = try Self.makeNotifications(config, database: database, events: events, now: now,
                                                   continuation: continuation, membership: membership)
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
        intake.pacer.defersAll = options.deferPlanning
    }

    deinit {
        close(incomingFD)
    }

    /// The state database `settings` name: the SQLite file under `state`, or the shared PostgreSQL database
    /// with the password from `database_password` (issue 17). Either failure stops the start, naming where.
    static func openDatabase(_ settings: DaemonSettings) throws -> AppDatabase {
        let location = settings.database?.description ?? AppDatabase.path(inStateDirectory: settings.state)
        do {
            let password = try CredentialSource().databasePassword(for: settings)
            return try AppDatabase(settings: settings, password: password)
        } catch let error as CredentialError {
            throw DaemonError.state(path: location, reason: error.description)
        } catch {
            throw DaemonError.state(path: location, reason: String(describing: error))
        }
    }

    /// Every account's publisher, and the digests of the credentials they were made with.
    static func makePublishers(
        _ config: HeraldConfiguration
    ) throws -> (publishers: [String: any Publisher], credentials: [String: String]) {
        var publishers: [String: any Publisher] = [:]
        var credentials: [String: String] = [:]
        let state = URL(fileURLWithPath: config.daemon.state)
        for account in config.accounts {
            do {
                let made = try PublisherFactory.prepare(for: account, stateDirectory: state)
                publishers[account.name] = made.publisher
                credentials[account.name] = made.credentials
            } catch {
                throw DaemonError.config(error.description)  // names the account already
            }
        }
        return (publishers, credentials)
    }

    // MARK: - The loop

    func run(events stream: AsyncStream<DaemonEvent>) async throws {
        // A lease-break signal must never kill us (SpoolFileReader holds read leases while reading).
        signal(SIGIO, SIG_IGN)
        debugHooks.install()
        lastExtension = .now
        _ = try? notifier.status("recovering")
        reconcilePauses(reloaded: false)
        if node != nil {
            listenForQueueChanges()
            await clusterStep()  // claims accounts, and resolves what their earlier holders left in flight
        } else {
            await recoverInFlight()
        }
        syncSessions()
        handleMissed()
        replan(budget: Self.planningBudget)
        rescan()
        await checkCredentialsExpiry()
        await startMetricsServer()
        lastExtension = nil
        reactor.start()
        notifications.start()
        noteBurst()  // start-up is the biggest burst of all (before `step()`, which arms the timer for the trim)
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
                if found.ready.count >= 64 { noteBurst() }
                if found.overflowed {
                    events.logger.warning("inotify queue overflowed; rescanning incoming")
                    rescan()
                }
            case .timer, .tick:
                break
            case .plan:
                planQueued = false
            case .clockChanged:
                events.logger.notice("wall clock changed; re-arming the timer")
                handleMissed()
            case let .workerFinished(account, pause):
                workers[account] = nil
                metricsDueCache[account] = nil
                core.finished(account: account)
                markOccurrences(of: account)
                if let pause { notePaused(pause) }
                await checkCredentialsExpiry(accounts: [account])  // publishing may have refreshed its token
            case let .feedPolled(poll):
                handleFeedPoll(poll)
            case .reload:
                reload()
                await checkCredentialsExpiry()
                await restartMetricsServerIfMoved()
            case .stop:
                await shutdown()
                return
            }
            if expiryCheckDue { await checkCredentialsExpiry() }
            if clusterStepDue { await clusterStep() }
            planStep()
            trimIfQuiet(after: event)
            step()
            pingWatchdog()
        }
    }

    /// Asks `SchedulerCore` what to do now and does it: start workers, rescan, arm the timer.
    func step() {
        let holdEnd = expireHeld()
        let pausedEnd = watchPaused()
        let feedWake = pollFeeds()
        let evergreenWake = fillEvergreenSlots()
        let learnWake = learnFromHistoryIfDue()
        let current = now()
        let summary: DueSummary
        do {
            summary = try database.dueSummary(now: current, accounts: activeAccounts, busy: core.busy)
        } catch {
            degraded("database", "database not readable: \(error)")
            try? reactor.timer.arm(at: now().addingTimeInterval(5))
            return
        }
        let decision = core.step(now: current, due: withMetricsDue(summary.due))
        for account in decision.dispatch { dispatch(account) }
        if decision.rescan {
            replan()
            rescan()
        }
        let monotonic = ContinuousClock.now
        let planWake = planRest.map { current.addingTimeInterval(Self.seconds($0 - monotonic)) }
        let trimWake = trimDue.map { current.addingTimeInterval(Self.seconds($0 - monotonic)) }
        let wakes = [
            decision.wakeAt, holdEnd, pausedEnd, expiryWake, planWake, trimWake, feedWake, evergreenWake, learnWake,
            clusterNext,
        ]
        if let wake = wakes.compactMap({ $0 }).min() {
            try? reactor.timer.arm(at: wake)
        } else {
            try? reactor.timer.disarm()
        }
        noteNotifications()  // after what this step recorded
        updateStatus(next: summary.next)
    }

    func dispatch(_ name: String) {
        guard let account = config.account(named: name), let publisher = publishers[name],
              membership.mayPublish(name)
        else {
            core.finished(account: name)
            return
        }
        let worker = PublishWorker(
            account: account, publisher: publisher, database: database, events: events, settings: config.daemon,
            backoff: config.daemon.retry, now: now, stopping: stopping, sessions: config.sessions(of: name),
            credentials: credentials[name], metrics: metrics, metricsSource: publisher as? any MetricsSource,
            metricsState: metricsState, membership: membership
        )
        let continuation = continuation
        workers[name] = Task {
            let pause = await worker.run()
            continuation.yield(.workerFinished(account: name, paused: pause))
        }
    }

    func rescan() {
        let names = intake.candidates()
        noteIntake(intake.process(names: names, trigger: .scan, config: config, now: now,
                                  afterBatch: { extendStartupIfDue() }))
        if names.count >= 64 { noteBurst() }
        approvals.process(names: approvals.candidates(), trigger: .scan, config: config, now: now())
        approvals.pruneReplies(now: now())
    }


    /// A file left in `incoming/` by a database or file-system failure is retried by a rescan five seconds
    /// later, and `STATUS=` says the daemon is degraded until a batch goes through again.
    func noteIntake(_ results: [SpoolIntake.Result]) {
        metrics.count(results)
        if results.contains(.deferred) {
            degraded("database", "database not writable; files wait in incoming")
            core.rescanSoon(at: now().addingTimeInterval(5))
        } else if results.contains(where: { if case .accepted = $0 { true } else { false } }) {
            problems["database"] = nil
        }
    }

    /// After a burst (start-up, many files, the planner settling a backlog): the database's caches, glibc's free
    /// blocks and the code pages the burst touched go back to the kernel.
    func trimMemory() {
        database.releaseMemory()
        MemoryTrim.afterBurst(code: options.releasesCodePages)
        trimDue = nil
    }

    /// A burst happened: trim once it has been over for a while (trimming between two batches of one burst would
    /// only throw away the caches the next batch needs).
    func noteBurst() {
        trimDue = ContinuousClock.now + Self.trimDelay
    }

    /// Trims once a burst is over: for ``trimDelay``, no event but timers and nothing for the planner (any other
    /// event puts the trim off again, so a steady trickle of posts never pays for faulting back in what the trim
    /// released).
    func trimIfQuiet(after event: DaemonEvent) {
        guard let due = trimDue else { return }
        switch event {
        case .timer, .tick:
            if !intake.pacer.marked.isEmpty || reactor.spoolArriving {
                noteBurst()
            } else if ContinuousClock.now >= due {
                trimMemory()
            }
        default:
            noteBurst()
        }
    }

    /// During a long start-up (recovery, a large rescan), asks systemd for more time every few seconds
    /// (`EXTEND_TIMEOUT_USEC=`), so a big spool is not mistaken for a hung start.
    func extendStartupIfDue() {
        guard let last = lastExtension, ContinuousClock.now - last >= .seconds(5) else { return }
        _ = try? notifier.extendTimeout(.seconds(30))
        lastExtension = .now
    }

    /// A name created in `incoming/` that will never see a close-write (a link, FIFO, directory or hard link)
    /// is rejected right away; a plain new file waits for its writer to close it.
    func checkCreated(_ name: String) {
        guard SpoolDirectory.isCandidate(name) else { return }
        var info = stat()
        guard fstatat(incomingFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        if SpoolFileReader.refusal(for: info) != nil {
            noteIntake(intake.process(names: [name], trigger: .closed, config: config, now: now))
        }
    }
}
