import Foundation

extension RepeatRule {
    /// Where a series stands when one of its occurrences has just been published.
    public struct Position: Sendable, Equatable {
        /// The nominal time of step 0: the first occurrence's `At:`, the start of its window, or the instant it
        /// was placed at.
        public var anchor: Date
        /// Steps from the anchor of the occurrence just published (0 for the first).
        public var step: Int
        /// The 1-based number of the occurrence just published (publications, so skipped steps do not count).
        public var occurrence: Int

        public init(anchor: Date, step: Int, occurrence: Int) {
            self.anchor = anchor
            self.step = step
            self.occurrence = occurrence
        }
    }

    /// What comes after a published occurrence.
    public enum Next: Sendable, Equatable {
        /// Queue occurrence number `occurrence` at nominal time `nominal`, `step` steps from the anchor.
        case occurrence(occurrence: Int, step: Int, nominal: Date)
        /// The series is over: `Repeat-Count` publications made.
        case countReached(Int)
        /// The series is over: the next nominal time would be after `Repeat-Until`.
        case untilReached(Date)
    }

    /// The occurrence after `position`, published at `now`, with `until` resolved in the account's zone.
    ///
    /// The next nominal time is one step later; steps whose nominal time is already past at `now` (the daemon was
    /// down, or the occurrence went out late) are skipped rather than published in a burst, and do not count as
    /// publications.
    public func next(after position: Position, now: Date, zone: TimeZone) -> Next {
        if let count, position.occurrence >= count { return .countReached(count) }
        let limit = until?.resolve(now: now, zone: zone)
        var step = position.step + 1
        var nominal = every.advance(position.anchor, steps: step, in: zone)
        // A bounded loop: a daemon down for years catches up by arithmetic, not by a step per interval.
        if nominal <= now {
            let behind = now.timeIntervalSince(nominal) / every.nominalSeconds
            step += max(0, Int(behind.rounded(.down)) - 1)
            nominal = every.advance(position.anchor, steps: step, in: zone)
            while nominal <= now {
                step += 1
                nominal = every.advance(position.anchor, steps: step, in: zone)
            }
        }
        if let limit, nominal > limit { return .untilReached(limit) }
        return .occurrence(occurrence: position.occurrence + 1, step: step, nominal: nominal)
    }
}
