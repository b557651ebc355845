import Foundation

/// When a published status's engagement is fetched from its network: at fixed ages after `published_at`
/// (1 h, 24 h, 7 d), each once (pure).
///
/// A fetch that comes late (the daemon was down, the rate limit had no room) counts for the latest age it has
/// reached and skips the ages it overtook: a status first fetched 30 hours after publication is recorded at 24 h,
/// never at 1 h, so every stored figure is at least as old as its age says. After the last age nothing is due.
public struct MetricsSchedule: Sendable, Equatable {
    /// The ages, ascending, in seconds.
    public var ages: [TimeInterval]

    /// 1 h (the early response), 24 h (X's reactions are over by then; the learning signal), 7 d (the long tail).
    public static let standard = MetricsSchedule(ages: [3_600, 86_400, 604_800])

    public init(ages: [TimeInterval]) {
        self.ages = ages.sorted()
    }

    /// What one fetch at `now` stands for, and when the status is next due.
    public struct Step: Sendable, Equatable {
        /// The age the figures are recorded at; nil when the status is younger than the first age.
        public var age: TimeInterval?
        /// When the next fetch is due; nil when the last age is done.
        public var next: Date?
    }

    /// The age a fetch at `now` counts for, and the next due instant.
    public func step(publishedAt: Date, now: Date) -> Step {
        let elapsed = now.timeIntervalSince(publishedAt)
        let reached = ages.last { $0 <= elapsed }
        let next = ages.first { $0 > elapsed }.map { publishedAt.addingTimeInterval($0) }
        return Step(age: reached, next: next)
    }

    /// The first fetch's due instant.
    public func firstDue(publishedAt: Date) -> Date? {
        ages.first.map { publishedAt.addingTimeInterval($0) }
    }

    /// `1h`, `24h`, `7d`: how `herald history --metrics` names an age (days when whole days above 24 h).
    public static func label(_ age: TimeInterval) -> String {
        let seconds = Int(age)
        if seconds > 86_400, seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
