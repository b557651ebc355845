import Foundation

/// Conversions between wall-clock times and instants, with Herald's DST contract (DESIGN, "Local times across
/// DST").
///
/// Only `secondsFromGMT(for:)` is used, never `Calendar`: Calendar's handling of skipped and repeated hours is
/// not specified and has differed between Foundation implementations, while the contract must hold exactly.
extension TimeZone {
    /// The instant at which the wall clock of this zone shows `local`.
    ///
    /// - A local time that does not exist (spring forward) moves forward by the length of the gap: 02:30 on
    ///   2027-03-14 in America/New_York is 03:30 EDT, as in java.time and Python's zoneinfo.
    /// - An ambiguous local time (fall back) is its first occurrence: 01:30 on 2026-11-01 in America/New_York is
    ///   01:30 EDT, not EST.
    ///
    /// The offsets tried are those in force a day before and a day after the wall-clock time, so any transition
    /// near it is seen. A candidate instant is valid when the zone's offset at it is the offset that produced it.
    /// With no valid candidate the time is in a gap, and the offset from before the transition carries it past the
    /// gap by exactly the gap's length.
    public func date(for local: LocalDateTime) -> Date {
        date(forWallSeconds: local.secondsAsIfUTC)
    }

    /// `date(for:)` on a wall-clock time given as seconds since 1970-01-01 00:00 as if the zone were UTC (the
    /// planner's day arithmetic works in these).
    func date(forWallSeconds wallSeconds: Int64) -> Date {
        let offsetBefore = Int64(secondsFromGMT(for: Self.instant(wallSeconds - 86_400)))
        let offsetAfter = Int64(secondsFromGMT(for: Self.instant(wallSeconds + 86_400)))
        let valid = [offsetBefore, offsetAfter]
            .map { wallSeconds - $0 }
            .filter { Int64(secondsFromGMT(for: Self.instant($0))) == wallSeconds - $0 }
        return Self.instant(valid.min() ?? wallSeconds - offsetBefore)
    }

    /// What the wall clock of this zone shows at `date`, to the second (fractions of a second are dropped, toward
    /// the past). Dates outside years 1–9999 are clamped to the nearest representable local time.
    public func localDateTime(for date: Date) -> LocalDateTime {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let limit = 253_402_300_799.0  // 9999-12-31 23:59:59 UTC
        let clamped = Int64(min(max(seconds, -62_135_596_800), limit))  // from 0001-01-01 00:00:00 UTC
        let wall = clamped + Int64(secondsFromGMT(for: Self.instant(clamped)))
        if let local = LocalDateTime(secondsAsIfUTC: wall) { return local }
        // The offset pushed a clamped instant over the edge of year 1 or 9999.
        return wall < 0
            ? LocalDateTime(year: 1, month: 1, day: 1)!
            : LocalDateTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59)!
    }

    private static func instant(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
