import HeraldCore
import HeraldStore

/// Start-up and re-planning: in-flight attempts resolved, sessions synced, missed posts handled (each decided by
/// the core: the publisher's look-up, `Lateness.classify`), waiting posts re-planned.
extension DaemonLoop {
    /// Resolves attempts that were in flight when the daemon died: published → recorded; not published →
    /// scheduled again; unknown (the network cannot tell) → scheduled again, logged, as the publisher documents.
    func recoverInFlight() async {
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
                settings: config.daemon, backoff: config.daemon.retry, now: now, stopping: stopping, metrics: metrics
            )
            await worker.resolveLeftover(claim)
        }
    }

    /// Creates, moves or cancels the sessions' announcement and closing statuses to match the configuration. Runs
    /// after in-flight attempts are resolved, so nothing of a session is published before its ledger is complete.
    func syncSessions() {
        do {
            try database.syncSessions(config.sessions, now: now())
        } catch {
            degraded("database", "database not writable: \(error)")
        }
    }

    /// Never-attempted posts late by `max_lateness` or more (daemon down, machine suspended, clock set
    /// forward) get the `on_missed` treatment; less late ones simply go out now.
    func handleMissed() {
        // Candidates: every never-attempted post due before now; `Lateness` decides which are missed, from when each
        // is due (`next_attempt_at`: a held post approved late is due at its approval, not at its old time).
        guard let late = try? database.overdue(before: now()) else { return }
        handleMissed(late)
    }

    /// Gives the `on_missed` treatment to those of `late` that `Lateness` finds missed.
    func handleMissed(_ late: [QueueEntry]) {
        let current = now()
        for entry in late {
            guard case let .missed(policy) = Lateness.classify(
                scheduledAt: entry.nextAttemptAt, now: current, maxLateness: config.daemon.maxLateness,
                policy: config.daemon.onMissed
            ) else { continue }
            switch policy {
            case .publish:
                _ = try? database.markMissed(targetID: entry.targetID, fail: false, now: current)
                events.post(.missed, "post missed its time; publishing late", postID: entry.postID,
                            account: entry.account, level: .warning)
            case .fail:
                let occurrences = config.account(named: entry.account).map {
                    OccurrenceContext(account: $0, horizon: config.daemon.horizon)
                }
                let series = try? database.markMissed(targetID: entry.targetID, fail: true, now: current,
                                                      occurrences: occurrences)
                events.post(.missed, "post missed its time; failed", postID: entry.postID, account: entry.account,
                            level: .warning)
                if let series = series ?? nil { events.occurrence(series) }
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

    /// Marks every planned account (and any account with provisional posts) to be re-planned: at start (posts may
    /// have waited through a stop), after a reload (audiences, curves, quiet hours or gaps may have changed) and
    /// when the rescan timer fires (a `herald cancel` or `herald learn` may have freed or changed the best
    /// instants; both also re-plan at once). With a `budget` (start, reload) marked accounts are settled back to
    /// back until it is spent, so an ordinary queue is fully planned before `READY=1`; the rest is settled after,
    /// as the pacer allows (`DaemonLoop+Planning`).
    func replan(budget: Duration? = nil) {
        do {
            let planned = try database.planningContext(config).accounts.map(\.account.name)
            let provisional = try database.provisionalAccounts()
            intake.pacer.keep(only: Set(config.accounts.map(\.name)).union(provisional))
            intake.pacer.mark(planned)
            intake.pacer.mark(provisional.sorted())
            noteLearnedCurves()
        } catch {
            degraded("database", "database not readable: \(error)")
        }
        if let budget { settleMarked(for: budget) }
        queuePlanStep()
    }

    /// A damaged learned curve is planned around (the account's audience applies) and shown: an error entry and
    /// `STATUS=` degraded until `herald learn` or `--reset` replaces it (the re-plan that follows clears it). Only
    /// configured accounts count: a curve left by an account that was removed is never used, and could not be reset.
    func noteLearnedCurves() {
        guard var learned = try? database.learnedCurves() else { return }
        let configured = Set(config.accounts.map(\.name))
        learned.problems = learned.problems.filter { configured.contains($0.key) }
        let problems = learned.problemDescriptions
        if problems.isEmpty {
            self.problems["learned"] = nil
        } else {
            degraded("learned", problems.joined(separator: "; "))
        }
    }
}
