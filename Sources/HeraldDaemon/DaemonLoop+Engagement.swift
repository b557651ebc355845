import Foundation
import HeraldCore
import HeraldPublishers
import HeraldStore

/// Metrics from the networks and learning from them (issue 15). A due fetch wakes the loop and dispatches the
/// account's worker like a due post does; the worker publishes first and fetches only while nothing is due. Accounts
/// with `learn = "daily"` or `"weekly"` refit their curve from their own statuses on that schedule and are
/// re-planned, as after `herald learn`.
extension DaemonLoop {
    /// `due` (each account's earliest due post) with each idle metrics account's earliest due fetch merged in,
    /// put off while its fetches rest.
    func withMetricsDue(_ due: [String: Date]) -> [String: Date] {
        let accounts = config.accounts.filter {
            $0.network.hasMetrics && activeAccounts.contains($0.name) && !core.busy.contains($0.name)
        }.map(\.name)
        // Only the account's own worker changes its due fetches (publishing schedules them, fetching moves them),
        // so each account's next one is read once and again after its worker finished: a step costs no query.
        let unknown = accounts.filter { metricsDueCache[$0] == nil }
        if !unknown.isEmpty {
            guard let fetched = try? database.nextMetricsDue(accounts: unknown) else { return due }
            for account in unknown { metricsDueCache[account] = .some(fetched[account]) }
        }
        var merged = due
        for account in accounts {
            guard case let next?? = metricsDueCache[account] else { continue }
            let rest = metricsState.restingUntil(account, now: now())
            let at = max(next, rest ?? next)
            merged[account] = min(merged[account] ?? at, at)
        }
        return merged
    }

    /// Refits the curves of accounts whose `learn` schedule has come round; the earliest next refit, for the timer.
    /// A refit that fails (too few statuses yet) is logged and tried again a day later, or at the schedule's
    /// interval when shorter.
    func learnFromHistoryIfDue() -> Date? {
        let current = now()
        var wake: Date?
        for account in config.accounts where membership.holds(account.name) {
            guard let interval = account.learn.interval else { continue }
            let next: Date
            if let planned = metricsState.learnNext(account.name) {
                next = planned
            } else {
                let learned = (try? database.learnedAt(account: account.name)) ?? nil
                next = learned.map { $0.addingTimeInterval(interval) } ?? current
                metricsState.setLearnNext(account.name, next)
            }
            if next <= current {
                let retry = learnFromHistory(account, now: current) ? interval : min(interval, 86_400)
                metricsState.setLearnNext(account.name, current.addingTimeInterval(retry))
            }
            let upcoming = metricsState.learnNext(account.name) ?? current.addingTimeInterval(interval)
            wake = min(wake ?? upcoming, upcoming)
        }
        return wake
    }

    /// Fits and stores one account's curve from its statuses' engagement, then marks it for re-planning.
    private func learnFromHistory(_ account: Account, now current: Date) -> Bool {
        do {
            let samples = try database.metricsSamples(account: account.name)
            let fit = try HistoryLearning.fit(samples, zone: account.timeZone, halfLife: account.halfLife,
                                              now: current, prior: config.defaultCurve)
            try database.saveLearnedCurve(account: account.name, curve: fit.curve, posts: fit.posts, now: current)
            events.logger.notice("curve learned from history", metadata: [
                "HERALD_ACCOUNT": "\(account.name)", "HERALD_EVENT": "learned", "HERALD_COUNT": "\(fit.posts)",
            ])
            intake.pacer.mark([account.name])
            noteLearnedCurves()
            queuePlanStep()
            return true
        } catch {
            events.logger.warning("learning from history failed", metadata: [
                "HERALD_ACCOUNT": "\(account.name)", "HERALD_EVENT": "learned", "HERALD_REASON": "\(error)",
            ])
            return false
        }
    }
}
