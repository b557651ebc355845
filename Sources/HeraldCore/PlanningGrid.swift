import Foundation

/// The planner's 5-minute UTC grid over one planning run, and each zone's UTC offset at every grid instant.
///
/// Reach, quiet hours and local days all need the local wall clock of thousands of instants in a handful of zones.
/// Asking Foundation once per instant and zone would dominate the planner's time, so offsets are computed once per
/// zone and run: sampled every hour of the grid, and filled in between where two samples agree. Where they differ
/// (a DST or other offset change inside that hour) every instant of the hour is asked individually, so the change
/// lands on its exact 5-minute step. Only two offset changes within one hour could be missed; no zone has those.
package struct PlanningGrid {
    /// Seconds between grid instants.
    package static let step: Int64 = 300
    /// Local wall-clock seconds of Monday 1970-01-05 00:00, the first Monday after the epoch.
    static let mondayWall: Int64 = 4 * 86_400

    /// The first instant, in seconds since 1970 (a multiple of `step`).
    let origin: Int64
    /// How many instants.
    let count: Int
    private var offsetsByZone: [String: [Int32]] = [:]

    package init(origin: Int64, count: Int) {
        precondition(origin % Self.step == 0 && count >= 0, "grid origin on the 5-minute grid")
        self.origin = origin
        self.count = count
    }

    /// Seconds since 1970 of grid instant `index`.
    func seconds(_ index: Int) -> Int64 { origin + Int64(index) * Self.step }

    /// The zone's UTC offset, in seconds, at every grid instant.
    mutating func offsets(for zone: TimeZone) -> [Int32] {
        if let known = offsetsByZone[zone.identifier] { return known }
        let computed = Self.offsets(zone: zone, origin: origin, count: count)
        offsetsByZone[zone.identifier] = computed
        return computed
    }

    static func offsets(zone: TimeZone, origin: Int64, count: Int) -> [Int32] {
        func ask(_ seconds: Int64) -> Int32 {
            Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        var result = [Int32](repeating: 0, count: count)
        let stride = 12  // one hour of grid steps
        var start = 0
        var startOffset = count > 0 ? ask(origin) : 0
        while start < count {
            let end = min(start + stride, count - 1)
            let endOffset = ask(origin + Int64(end) * step)
            if endOffset == startOffset {
                for index in start...end { result[index] = startOffset }
            } else {
                result[start] = startOffset
                for index in (start + 1)..<end { result[index] = ask(origin + Int64(index) * step) }
                result[end] = endOffset
            }
            if end == count - 1 { break }
            start = end
            startOffset = endOffset
        }
        return result
    }

    /// The quarter hour of the week (0 = Monday 00:00–00:15) that contains local wall-clock `wall` seconds.
    static func quarterOfWeek(wall: Int64) -> Int {
        let quarters = floorDivide(wall - mondayWall, 900)
        let week = Int64(ActivityCurve.count)
        return Int(((quarters % week) + week) % week)
    }

    /// The local day (days since 1970-01-01 on the zone's wall clock) of local wall-clock `wall` seconds.
    static func localDay(wall: Int64) -> Int { Int(floorDivide(wall, 86_400)) }

    /// The minute of the local day (0 ..< 1440) of local wall-clock `wall` seconds.
    static func minuteOfDay(wall: Int64) -> Int { Int((wall - floorDivide(wall, 86_400) * 86_400) / 60) }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
