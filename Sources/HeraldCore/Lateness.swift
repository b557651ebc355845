import Foundation

/// How late a never-attempted post is, and what follows from it (`max_lateness`, `on_missed`).
///
/// The one `max_lateness` rule (issue 16): a time is **late** at `now` when `now` is at least `max_lateness` past
/// it and it is in the past at all, `time <= now - max_lateness && time < now`. Late by less than `max_lateness` is
/// on time (DESIGN: "published if late by less than this"), and a time not in the past is never late, so `At: now`
/// is on time even with `max_lateness = 0`. Every place that judges lateness asks ``isLate(_:now:maxLateness:)``:
/// intake (`PostValidator`, too late to accept), the start-up check for missed posts (``classify``), approvals
/// (`ApprovalRules`, too late to approve) and the expiry of held posts (the store's `expireHeld`), so at the
/// boundary instant a held post is expired and no longer approvable, never both.
public enum Lateness: Sendable, Equatable {
    /// Due, and late by less than `max_lateness`: publish as if on time.
    case onTime
    /// Late by `max_lateness` or more: apply the `on_missed` policy.
    case missed(MissedPolicy)

    /// Whether `time` is late at `now`: see the rule above.
    public static func isLate(_ time: Date, now: Date, maxLateness: TimeInterval) -> Bool {
        time < now && time <= cutoff(now: now, maxLateness: maxLateness)
    }

    /// The latest time that can be late at `now` (`now - max_lateness`): a bound for store queries, which then
    /// decide with ``isLate(_:now:maxLateness:)``.
    public static func cutoff(now: Date, maxLateness: TimeInterval) -> Date {
        now.addingTimeInterval(-maxLateness)
    }

    /// When `time` becomes late (`time + max_lateness`, and a millisecond after `time` with `max_lateness = 0`,
    /// since a time is late only once it is past), for timers; a timer that fires there and finds the time not yet
    /// late by a rounding error simply fires again.
    public static func deadline(for time: Date, maxLateness: TimeInterval) -> Date {
        time.addingTimeInterval(max(maxLateness, 0.001))
    }

    /// Classifies a post scheduled at `scheduledAt`, seen at `now`. A post exactly `maxLateness` late is missed:
    /// the allowance is "less than".
    public static func classify(
        scheduledAt: Date, now: Date, maxLateness: TimeInterval, policy: MissedPolicy
    ) -> Lateness {
        isLate(scheduledAt, now: now, maxLateness: maxLateness) ? .missed(policy) : .onTime
    }
}
