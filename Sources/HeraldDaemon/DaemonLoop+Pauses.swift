import Foundation
import HeraldCore
import HeraldStore

/// Accounts paused because their network refused their credentials (issue 13): their posts wait, none fails, and
/// `STATUS=` says who needs new credentials. New credentials (a reload, or a restart) resume them. Posts whose
/// window passes meanwhile get `on_missed`, as posts that waited through a stopped daemon do.
extension DaemonLoop {
    /// The configured accounts that may publish now: not paused, and held by this node.
    var activeAccounts: Set<String> {
        let unpaused = paused.isEmpty ? Set(publishers.keys) : Set(publishers.keys).subtracting(paused.keys)
        return membership.isShared ? unpaused.intersection(membership.publishable()) : unpaused
    }

    /// At start and after a reload: the stored pauses of configured accounts are kept while their credentials are
    /// the refused ones, and end when they changed (a pause left by a removed account waits for it to come back).
    func reconcilePauses(reloaded: Bool) {
        let stored: [String: AccountPause]
        do {
            stored = try database.pauses()
        } catch {
            degraded("database", "database not readable: \(error)")
            return
        }
        var kept: [String: AccountPause] = [:]
        for (name, pause) in stored.sorted(by: { $0.key < $1.key }) where publishers[name] != nil {
            if pause.resumes(withCredentials: credentials[name]) {
                resume(name, why: "account resumed with new credentials")
            } else {
                kept[name] = pause
                if reloaded {
                    events.logger.warning("account still paused: its credentials are the ones refused", metadata: [
                        "HERALD_ACCOUNT": "\(name)", "HERALD_REASON": "\(pause.reason)",
                    ])
                }
            }
        }
        for name in paused.keys.sorted() where stored[name] == nil {
            events.account(.resumed, "account resumed (herald resume)", account: name)
            problems[Self.credentialsProblem + name] = nil
        }
        let cutoff = Self.missedCutoff(now: now(), maxLateness: config.daemon.maxLateness)
        pauseWatch = kept.mapValues { _ in cutoff }.merging(pauseWatch.filter { kept[$0.key] != nil }) { $1 }
        // At start the pauses were announced by the run that made them; on a reload, one stored by a worker that
        // has not reported yet is announced when it does (`notePaused`).
        announcedPauses = reloaded ? announcedPauses.intersection(kept.keys) : Set(kept.keys)
        paused = kept
        for key in problems.keys where key.hasPrefix(Self.credentialsProblem) { problems[key] = nil }
        for name in kept.keys { problems[Self.credentialsProblem + name] = "\(name) needs new credentials" }
    }

    /// A worker stopped on refused credentials (the pause is already stored): one journal entry, `STATUS=`
    /// degraded. Credentials replaced (by a reload) while that worker was still running resume the account at once;
    /// an account without credentials (exec) stays paused until the next reload.
    func notePaused(_ pause: AccountPause) {
        let name = pause.account
        guard publishers[name] != nil, !announcedPauses.contains(name) else { return }
        if pause.credentials != credentials[name] {
            resume(name, why: "account resumed: its credentials were replaced while it was being refused")
            return
        }
        paused[name] = pause
        if pauseWatch[name] == nil {
            pauseWatch[name] = Self.missedCutoff(now: now(), maxLateness: config.daemon.maxLateness)
        }
        announcedPauses.insert(name)
        events.account(.paused, "account paused: the network refused its credentials; its posts wait",
                       account: name, level: .error, extra: ["HERALD_REASON": "\(pause.reason)"])
        degraded(Self.credentialsProblem + name, "\(name) needs new credentials")
    }

    /// Ends a pause in the database and says so.
    private func resume(_ name: String, why: String) {
        do {
            try database.resume(account: name)
        } catch {
            degraded("database", "database not writable: \(error)")
            return
        }
        paused[name] = nil
        pauseWatch[name] = nil
        announcedPauses.remove(name)
        problems[Self.credentialsProblem + name] = nil
        events.account(.resumed, "\(why)", account: name)
    }

    /// The posts of paused accounts whose `max_lateness` ran out since the last look get `on_missed`; returns when
    /// the next one runs out (the loop's timer wakes then), nil when nothing of a paused account waits.
    func watchPaused() -> Date? {
        guard !paused.isEmpty else { return nil }
        let lateness = config.daemon.maxLateness
        let through = Self.missedCutoff(now: now(), maxLateness: lateness)
        do {
            for (name, judged) in pauseWatch.sorted(by: { $0.key < $1.key }) where judged < through {
                handleMissed(try database.overdue(after: judged, through: through, accounts: [name]))
                pauseWatch[name] = through
            }
            return try database.earliestWaiting(after: through, accounts: Set(paused.keys))
                .map { Lateness.deadline(for: $0, maxLateness: lateness) }
        } catch {
            degraded("database", "database not readable: \(error)")
            return nil
        }
    }

    /// The latest due time that is late at `now` by ``Lateness``'s rule, strictly before `now` (so with
    /// `max_lateness = 0` a post due at this very instant waits for the next look instead of slipping past it).
    static func missedCutoff(now: Date, maxLateness: TimeInterval) -> Date {
        Lateness.cutoff(now: now, maxLateness: max(maxLateness, 0.001))
    }

    /// The `problems` key of an account's refused credentials (one per account, so each clears on its own).
    static let credentialsProblem = "credentials "
}
