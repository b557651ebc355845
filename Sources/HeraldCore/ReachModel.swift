import Foundation

/// The reach of a status published at an instant, for one audience and half-life (issue 4):
///
///     reach(t) = Σ_z w_z · Σ_{k=0..95} c_z(quarter hour containing t + k·15min, in z's local time) · 2^(−15k/h)
///
/// A status is seen by whoever is active while it is fresh; how fresh it still is after 15k minutes is the
/// geometric fade `2^(−15k/h)` with half-life `h` minutes, cut off after 24 hours (k = 95). Each zone's curve is
/// read on that zone's own wall clock at the instant `t + k·15min`, with the offset in force at that instant, so a
/// day that springs forward skips a quarter-hour row of the curve and a day that falls back reads one twice, as the
/// people there experience it.
public struct ReachModel: Sendable, Equatable {
    /// Quarter hours summed after the publishing instant (k = 0 … 95).
    public static let terms = 96

    public let audience: Audience
    /// Minutes; greater than zero.
    public let halfLife: Double
    /// `2^(−15k/h)` for k = 0 … 95.
    let fade: [Double]

    public init(audience: Audience, halfLife: Double) {
        precondition(halfLife.isFinite && halfLife > 0, "half_life must be a positive number of minutes")
        self.audience = audience
        self.halfLife = halfLife
        fade = (0..<Self.terms).map { pow(2, -15 * Double($0) / halfLife) }
    }

    /// The reach of a status published at `date`, straight from the formula (no grid, any instant).
    public func reach(at date: Date) -> Double {
        let start = Int64(date.timeIntervalSince1970.rounded(.down))
        var total = 0.0
        for zone in audience.zones {
            var sum = 0.0
            for k in 0..<Self.terms {
                let instant = start + Int64(k) * 900
                let offset = zone.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
                sum += zone.curve[quarter: PlanningGrid.quarterOfWeek(wall: instant + Int64(offset))] * fade[k]
            }
            total += zone.weight * sum
        }
        return total
    }

    /// The reach at the first `count` instants of `grid` (which must extend at least 95 quarter hours further).
    ///
    /// The audience's activity `a` is summed over zones once per grid instant; reach then follows from the
    /// recurrence `R(t) = a(t) + d·R(t+15min) − d^96·a(t+24h)` with `d = 2^(−15/h)`, evaluated from the end:
    /// O(zones·n) for n instants instead of the formula's O(96·zones·n) offset look-ups. The recurrence is stable
    /// (an error in `R(t+15min)` shrinks by `d < 1`) and agrees with ``reach(at:)`` to about 1e-14 relative.
    ///
    /// When every zone's offset is a whole number of quarter hours over the grid (all zones in use today are), `a`
    /// depends only on the UTC quarter hour, and so does reach: the three grid instants of a quarter hour then get
    /// bit-identical reach, computed once, so the planner sees their tie as a tie and takes the earliest.
    package func reach(on grid: inout PlanningGrid, count: Int) -> [Double] {
        let tail = (Self.terms - 1) * 3
        let span = count + tail
        precondition(grid.count >= span && count > 0, "grid too short for the reach window")
        var activity = [Double](repeating: 0, count: span)
        for zone in audience.zones where zone.weight != 0 {
            let offsets = grid.offsets(for: zone.timeZone)
            let values = zone.curve.values
            for index in 0..<span {
                let wall = grid.seconds(index) + Int64(offsets[index])
                activity[index] += zone.weight * values[PlanningGrid.quarterOfWeek(wall: wall)]
            }
        }
        let d = fade[1]
        let dropped = fade[Self.terms - 1] * d  // d^96: the term that leaves the 24-hour window
        // Grid step s of instant `index`, and the UTC quarter hour holding it.
        let firstStep = grid.origin / PlanningGrid.step
        func quarter(_ index: Int) -> Int { Int(PlanningGrid.floorDivide(firstStep + Int64(index), 3)) }
        let firstQuarter = quarter(0)
        var byQuarter = [Double](repeating: .nan, count: quarter(span - 1) - firstQuarter + 1)
        var quarterly = true
        for index in 0..<span {
            let slot = quarter(index) - firstQuarter
            if byQuarter[slot].isNaN {
                byQuarter[slot] = activity[index]
            } else if byQuarter[slot] != activity[index] {
                quarterly = false
                break
            }
        }
        // Reach along one chain of values 15 minutes apart: `values[0 ..< length]` hold `a`, the last 95 only as
        // look-ahead; the result has `length − 95` entries.
        func chain(_ values: [Double]) -> [Double] {
            let results = values.count - (Self.terms - 1)
            var reach = [Double](repeating: 0, count: max(0, results))
            guard results > 0 else { return reach }
            var sum = 0.0
            for k in 0..<Self.terms { sum += values[results - 1 + k] * fade[k] }
            reach[results - 1] = sum
            var index = results - 2
            while index >= 0 {
                reach[index] = values[index] + d * reach[index + 1] - dropped * values[index + Self.terms]
                index -= 1
            }
            return reach
        }
        var result = [Double](repeating: 0, count: count)
        if quarterly {
            let perQuarter = chain(byQuarter)
            for index in 0..<count { result[index] = perQuarter[quarter(index) - firstQuarter] }
        } else {
            for residue in 0..<3 {
                let indices = Array(stride(from: residue, to: span, by: 3))
                let perStep = chain(indices.map { activity[$0] })
                for (position, index) in indices.enumerated() where index < count { result[index] = perStep[position] }
            }
        }
        return result
    }
}
