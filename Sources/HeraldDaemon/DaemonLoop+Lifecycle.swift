/// SIGHUP and SIGTERM: reload the configuration, or stop after the attempts in flight.
extension DaemonLoop {
    func reload() {
        _ = try? notifier.reloading()
        do {
            let fresh = try options.loadConfiguration()
            guard fresh.daemon.spool == config.daemon.spool, fresh.daemon.state == config.daemon.state,
                  fresh.daemon.database == config.daemon.database,
                  fresh.daemon.databasePassword == config.daemon.databasePassword else {
                throw DaemonError.config("spool, state and database cannot change on reload; restart instead")
            }
            let senders = try Self.notifySenders(fresh)
            (publishers, credentials) = try Self.makePublishers(fresh)
            notifications.configure(senders, retry: fresh.daemon.retry, giveUpAfter: fresh.daemon.giveUpAfter)
            let previousFeeds = config.feeds
            let previousAccounts = config.accounts
            config = fresh
            metricsDueCache = [:]
            reconcileFeeds(previous: previousFeeds)
            reconcileEvergreen(previous: previousAccounts)
            reconcilePauses(reloaded: true)
            syncSessions()
            replan(budget: Self.planningBudget)
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

    func shutdown() async {
        _ = try? notifier.stopping()
        events.daemon(.stopping, "stopping; letting publishes in flight finish")
        stopping.raise()
        core.stop()
        for (_, task) in feedTasks { task.cancel() }  // a poll's result is only ever recorded by the loop
        feedTasks = [:]
        for (_, task) in workers { await task.value }
        workers = [:]
        await metricsServer?.stop()
        await notifications.stop()  // what it has not delivered is resent by the next start
        leaveCluster()  // after the last delivery: @notify goes to another node only once this one is done
        reactor.stop()
    }
}
