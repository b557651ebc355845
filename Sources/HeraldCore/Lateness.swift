import Foundation

/// How late a never-attempted post is, and what follows from it (`max_lateness`, `on_missed`).
public enum Lateness: Sendable, Equatable {
    /// Due, and late by less than `max_lateness`: publish as if on time.
    case onTime
    /// Late by `max_lateness` or more: apply the `on_missed` policy.
    case missed(MissedPolicy)

    /// Classifies a post scheduled at `scheduledAt`, seen at `now`. A post exactly `maxLateness` late is missed:
    /// the allowance is "less than".
    public static func classify(
        scheduledAt: Date, now: Date, maxLateness: TimeInterval, policy: MissedPolicy
    ) -> Lateness {
        now.timeIntervalSince(scheduledAt) < maxLateness ? .onTime : .missed(policy)
    }
}
