import Foundation
import HeraldCore

/// Held posts whose time has passed unapproved (`Lateness.isLate`, the rule approvals use too).
extension DaemonLoop {
    /// Held targets whose time (plus `max_lateness`) has passed without an approval become `expired`, logged at
    /// notice: a held post is never published late by surprise. Returns when the next one would expire, for the
    /// timer.
    func expireHeld() -> Date? {
        let current = now()
        let grace = config.daemon.maxLateness
        do {
            // A read first: the write transaction (and its lock) only when something is due to expire.
            guard let end = try database.earliestHoldEnd() else { return nil }
            guard Lateness.isLate(end, now: current, maxLateness: grace) else {
                return Lateness.deadline(for: end, maxLateness: grace)
            }
            for target in try database.expireHeld(now: current, maxLateness: grace) {
                let until = RFC3339.string(from: target.holdUntil ?? target.scheduledAt)
                events.post(.expired, "held post expired without approval", postID: target.postID,
                            account: target.account, level: .notice,
                            extra: ["HERALD_HOLD_UNTIL": "\(until)", "HERALD_REASON": "\(target.heldReason ?? "")"])
            }
            return try database.earliestHoldEnd().map { Lateness.deadline(for: $0, maxLateness: grace) }
        } catch {
            degraded("database", "database not writable: \(error)")
            return nil
        }
    }
}
