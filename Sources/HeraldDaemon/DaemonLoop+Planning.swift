import Foundation
import HeraldCore

/// Deferred planning in the loop (issue 12): the pacer (`PlanPacer`, held by the intake) says when a marked
/// account is settled; the loop carries it out one account per event, so files, timers and finished workers are
/// handled between two settles.
extension DaemonLoop {
    /// How long start-up and reload settle marked accounts before `READY=1`; the rest follows after it.
    static let planningBudget: Duration = .seconds(1)

    /// One step of the pacer after each event: settle the next marked account, or note until when to rest.
    func planStep() {
        planRest = nil
        // Most events find nothing marked: skip asking the reactor (a poll(2)) on the hot path.
        guard !intake.pacer.marked.isEmpty else { return }
        switch intake.pacer.next(at: .now, arriving: reactor.spoolArriving) {
        case .idle:
            break
        case let .rest(until):
            planRest = until
        case let .settle(account):
            guard settleOne(account) else { return }
            queuePlanStep()
        }
    }

    /// Comes back for the next marked account after the events already queued (a `.plan` event, one at a time).
    func queuePlanStep() {
        guard !intake.pacer.marked.isEmpty, !planQueued else { return }
        planQueued = true
        continuation.yield(.plan)
    }

    /// Settles marked accounts back to back until `budget` is spent.
    func settleMarked(for budget: Duration) {
        let deadline = ContinuousClock.now + budget
        while ContinuousClock.now < deadline, let account = intake.pacer.marked.first {
            guard settleOne(account) else { return }
        }
    }

    /// Settles one account; false (and `STATUS=` degraded) when the database refused: it stays marked, and the
    /// next event tries again.
    @discardableResult
    func settleOne(_ account: String) -> Bool {
        do {
            let started = ContinuousClock.now
            try intake.settle(account: account, config: config, now: now())
            metrics.settled(took: ContinuousClock.now - started)
        } catch {
            degraded("database", "database not writable: \(error)")
            return false
        }
        if intake.pacer.marked.isEmpty {
            events.logger.info("planner settled")
            noteBurst()
        }
        return true
    }

    /// Seconds in a duration, for turning a monotonic instant into a timer's wall-clock one.
    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
