import Foundation

extension ActivityCurve {
    /// The built-in curve, used for every zone that names no other: `etc/herald/curves/default.csv` holds exactly
    /// these values (a test keeps the two equal).
    ///
    /// It is synthetic, not measured: a smooth weekday/weekend shape with morning, lunch and evening peaks, built by
    /// ``standardShape(weekHour:)`` and scaled so the highest quarter hour is 1, then rounded to 4 decimals. It is a
    /// neutral starting point that keeps posts in waking hours and near the usual peaks until `herald learn` fits
    /// an account's own curve (see `etc/herald/curves/README.md`).
    public static let standard: ActivityCurve = {
        let raw = (0..<count).map { standardShape(weekHour: Double($0) / 4 + 0.125) }
        let top = raw.max() ?? 1
        return ActivityCurve(trusted: raw.map { ($0 / top * 10_000).rounded() / 10_000 })
    }()

    /// One day's ingredients, in hours after that day's local midnight.
    private struct DayShape {
        /// Waking hours: a plateau from `wake` to `sleep` with soft (logistic) edges.
        var wake: Double, sleep: Double, plateau: Double
        /// Gaussian peaks: centre, width (standard deviation) and height.
        var peaks: [(centre: Double, width: Double, height: Double)]
    }

    private static let weekday = DayShape(
        wake: 7.0, sleep: 22.5, plateau: 0.30,
        peaks: [(8.5, 0.9, 0.55), (12.5, 0.6, 0.60), (20.5, 1.4, 0.80)]
    )
    private static let weekend = DayShape(
        wake: 8.5, sleep: 23.5, plateau: 0.25,
        peaks: [(10.5, 1.3, 0.40), (13.0, 0.9, 0.40), (20.5, 1.6, 0.70)]
    )
    /// Activity nobody's peaks explain: people awake at night, other zones' spill-over.
    private static let nightFloor = 0.04

    /// The unscaled standard shape at `weekHour` hours after Monday 00:00 local (0 ..< 168).
    ///
    /// Every day's plateau and peaks are added at their circular distance over the week, so Sunday evening's tail
    /// runs into Monday's small hours instead of stopping at midnight.
    static func standardShape(weekHour: Double) -> Double {
        var total = nightFloor
        for day in 0..<7 {
            let shape = day < 5 ? weekday : weekend
            // Hours after this day's midnight, wrapped to the nearest copy of the week (−84 ..< 84).
            let hour = (weekHour - Double(day * 24) + 84 + 168).truncatingRemainder(dividingBy: 168) - 84
            let edge = 0.35
            let rise = 1 / (1 + exp(-(hour - shape.wake) / edge))
            let fall = 1 / (1 + exp(-(shape.sleep - hour) / edge))
            total += shape.plateau * rise * fall
            for peak in shape.peaks {
                let z = (hour - peak.centre) / peak.width
                total += peak.height * exp(-z * z / 2)
            }
        }
        return total
    }
}
