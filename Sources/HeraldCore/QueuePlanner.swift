import Foundation

/// Places a post that has no explicit time in its account's queue: the next free slot.
///
/// Rules, all in the account's time zone (`time_zone`):
/// - `slots` are local times of day, every day. At most one post takes a slot: an occupied instant equal to the
///   slot takes it even when `min_gap` is 0.
/// - `min_gap`: the chosen instant is at least this far from every occupied instant, before or after it (explicit
///   `At:` posts between slots count too).
/// - `max_per_day`: the chosen instant's local day holds fewer than this many occupied instants (0 = unlimited).
/// - `quiet`: the chosen instant's local time of day is outside every quiet range.
///
/// Slots across DST follow the local-time contract: a slot that does not exist on a spring-forward day moves
/// forward by the length of the gap (02:30 → 03:30 in New York), an ambiguous slot on a fall-back day means its
/// first occurrence. Quiet hours and the local day are judged on the instant's real local time, so a slot shifted
/// out of a quiet range by a gap is not quiet.
///
/// Occupied instants are sorted once; each check is a binary search, so an account with thousands of queued
/// statuses costs O(n log n) once plus O(log n) per candidate.
public enum QueuePlanner {
    /// How far past `notBefore` the search goes before it gives up.
    public static let horizonDays = 400

    /// The earliest instant ≥ `notBefore` (and ≤ `notAfter` when given) where the account may publish a queued post,
    /// or nil when there is none within ``horizonDays`` days.
    ///
    /// For an account with slots this is its next free slot (see ``QueuePlanner``). An account with no slots has no
    /// queue grid: the answer is then ``earliestFree(for:notBefore:notAfter:occupied:)``, the first moment that
    /// respects `min_gap`, quiet hours and `max_per_day` — usually `notBefore` itself.
    ///
    /// - Parameter occupied: the account's other scheduled or published statuses, explicit ones included; any order.
    public static func nextSlot(for account: Account, notBefore: Date, notAfter: Date?, occupied: [Date]) -> Date? {
        let slots = Set(account.slots.map(\.minuteOfDay)).sorted()
        guard !slots.isEmpty else {
            return earliestFree(for: account, notBefore: notBefore, notAfter: notAfter, occupied: occupied)
        }
        let context = Context(account: account, occupied: occupied)
        let start = notBefore.timeIntervalSince1970
        let end = notAfter?.timeIntervalSince1970
        let firstDay = context.localDay(of: start)
        // Start a day early: a slot late on the previous local day could be pushed past notBefore by a DST gap.
        for day in (firstDay - 1)...(firstDay + horizonDays) {
            // Every slot of a day lies at or after the day's first moment, so once that passes notAfter, stop.
            if let end, context.instant(day: day, minuteOfDay: 0) > end { return nil }
            // A DST gap can reorder a day's slots (02:30 → 03:30 lands after 03:15) or merge two; sort, dedupe.
            let instants = Set(slots.map { context.instant(day: day, minuteOfDay: $0) }).sorted()
            for time in instants where time >= start {
                if let end, time > end { break }
                if context.isFreeSlot(time) { return Date(timeIntervalSince1970: time) }
            }
        }
        return nil
    }

    /// The earliest instant ≥ `notBefore` (and ≤ `notAfter` when given) that ignores slots but respects `min_gap`,
    /// quiet hours and `max_per_day`, or nil when there is none within ``horizonDays`` days.
    ///
    /// Each rule, when broken, moves the candidate to the first moment that could satisfy it: past an occupied
    /// instant by `min_gap`, to the end of the quiet range, or to the start of the next local day. The candidate
    /// only moves forward, and it is accepted once no rule moves it. With `min_gap` 0, two posts may share an
    /// instant: without slots there is nothing to take.
    public static func earliestFree(for account: Account, notBefore: Date, notAfter: Date?, occupied: [Date]) -> Date? {
        let context = Context(account: account, occupied: occupied)
        let limit = min(
            notAfter?.timeIntervalSince1970 ?? .infinity,
            notBefore.timeIntervalSince1970 + Double(horizonDays) * 86_400
        )
        var time = notBefore.timeIntervalSince1970
        while time <= limit {
            let moved = context.earliestAllowed(from: time)
            if moved == time { return Date(timeIntervalSince1970: time) }
            time = moved
        }
        return nil
    }
}

extension QueuePlanner {
    /// An account's rules with its occupied instants sorted, as seconds since 1970.
    private struct Context {
        let zone: TimeZone
        let minGap: TimeInterval
        let maxPerDay: Int
        let quiet: [QuietRange]
        let occupied: [TimeInterval]

        init(account: Account, occupied: [Date]) {
            zone = account.timeZone
            minGap = max(0, account.minGap)
            maxPerDay = account.maxPerDay
            quiet = account.quiet
            self.occupied = occupied.map(\.timeIntervalSince1970).sorted()
        }

        // MARK: Rules

        /// Whether a slot instant is free: outside quiet hours, on a day with room, and clear of every occupied
        /// instant by `min_gap`. An occupied instant equal to the slot takes it even with `min_gap` 0.
        func isFreeSlot(_ time: TimeInterval) -> Bool {
            if isQuiet(time) { return false }
            if maxPerDay > 0, isDayFull(localDay(of: time)) { return false }
            return latestConflict(with: time) == nil
        }

        /// `time` when every rule allows it; otherwise a later instant, the first one that the broken rule allows.
        func earliestAllowed(from time: TimeInterval) -> TimeInterval {
            if maxPerDay > 0 {
                let day = localDay(of: time)
                if isDayFull(day) { return instant(day: day + 1, minuteOfDay: 0) }
            }
            if let range = quiet.first(where: { $0.contains(minuteOfDay: localMinute(of: time)) }) {
                return quietEnd(of: range, after: time)
            }
            if minGap > 0, let conflict = latestConflict(with: time) { return conflict + minGap }
            return time
        }

        /// The latest occupied instant closer than `min_gap` to `time` (or equal to it), if any.
        private func latestConflict(with time: TimeInterval) -> TimeInterval? {
            // Conflicts lie in (time − minGap, time + minGap), or are exactly `time` when minGap is 0.
            let upper = minGap > 0 ? lowerBound(time + minGap) : upperBound(time)
            guard upper > 0 else { return nil }
            let candidate = occupied[upper - 1]
            if minGap > 0 { return candidate > time - minGap ? candidate : nil }
            return candidate == time ? candidate : nil
        }

        private func isQuiet(_ time: TimeInterval) -> Bool {
            guard !quiet.isEmpty else { return false }
            let minute = localMinute(of: time)
            return quiet.contains { $0.contains(minuteOfDay: minute) }
        }

        private func isDayFull(_ day: Int) -> Bool {
            let start = instant(day: day, minuteOfDay: 0)
            let end = instant(day: day + 1, minuteOfDay: 0)
            return lowerBound(end) - lowerBound(start) >= maxPerDay
        }

        /// The first instant after `time` whose local time is the end of the quiet range `range` (which contains
        /// `time`). Always later than `time`, even if a DST transition garbles the local clock.
        private func quietEnd(of range: QuietRange, after time: TimeInterval) -> TimeInterval {
            let day = localDay(of: time)
            let endMinute = range.end.minuteOfDay
            let sameDay = endMinute > localMinute(of: time)
            let end = instant(day: sameDay ? day : day + 1, minuteOfDay: endMinute)
            return end > time ? end : (time / 60).rounded(.down) * 60 + 60
        }

        // MARK: Sorted occupied instants

        /// Index of the first occupied instant ≥ `value`.
        private func lowerBound(_ value: TimeInterval) -> Int {
            var low = 0, high = occupied.count
            while low < high {
                let mid = (low + high) / 2
                if occupied[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low
        }

        /// Index of the first occupied instant > `value`.
        private func upperBound(_ value: TimeInterval) -> Int {
            var low = 0, high = occupied.count
            while low < high {
                let mid = (low + high) / 2
                if occupied[mid] <= value { low = mid + 1 } else { high = mid }
            }
            return low
        }

        // MARK: Local time

        // Local days are counted as days since 1970-01-01 on the zone's wall clock, and wall-clock times as
        // "local seconds" (seconds since 1970 as if the zone were UTC). Day arithmetic is then plain integer
        // arithmetic, and only the local ↔ instant step needs the zone's offsets.

        /// The local wall-clock time of an instant, in local seconds.
        private func localSeconds(of time: TimeInterval) -> TimeInterval {
            time + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: time)))
        }

        /// The local day (days since 1970-01-01 on the zone's calendar) that contains an instant.
        func localDay(of time: TimeInterval) -> Int {
            Int((localSeconds(of: time) / 86_400).rounded(.down))
        }

        /// The local minute of the day (0..<1440) of an instant.
        private func localMinute(of time: TimeInterval) -> Int {
            let seconds = localSeconds(of: time)
            let intoDay = seconds - (seconds / 86_400).rounded(.down) * 86_400
            return min(1439, max(0, Int(intoDay / 60)))
        }

        /// The instant of a local day and minute, per the DST contract: a time in a gap moves forward by the length
        /// of the gap, an ambiguous time means its first occurrence.
        func instant(day: Int, minuteOfDay: Int) -> TimeInterval {
            zone.date(forWallSeconds: Int64(day) * 86_400 + Int64(minuteOfDay) * 60).timeIntervalSince1970
        }
    }
}
