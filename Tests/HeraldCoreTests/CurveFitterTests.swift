import Foundation
import Testing
@testable import HeraldCore

/// Learning from synthetic exports: posts at random times, engagement drawn from a known curve through the reach
/// model with noise. The test of a learned curve is the plan it produces, scored by the true curve.
@Suite("CurveFitter")
struct CurveFitterTests {
    typealias Support = PlanTestSupport

    /// A curve unlike the default: weekday peaks at 06:45, 11:00, 16:00 and 22:00, one broad weekend afternoon.
    static let truth: ActivityCurve = {
        func bump(_ hour: Double, _ centre: Double, _ width: Double) -> Double {
            exp(-pow(hour - centre, 2) / (2 * width * width))
        }
        let values = (0..<ActivityCurve.count).map { quarter -> Double in
            let day = quarter / 96, hour = Double(quarter % 96) / 4 + 0.125
            if day >= 5 { return 0.05 + 0.9 * bump(hour, 14, 2) }
            return 0.05 + bump(hour, 6.75, 0.6) + 0.5 * bump(hour, 11, 1) + 0.8 * bump(hour, 16, 0.8)
                + 0.6 * bump(hour, 22, 0.7)
        }
        return ActivityCurve(trusted: values).normalized
    }()

    static let zone = Support.zone("America/Chicago")
    static let now = Support.at("2026-12-01T12:00:00Z")

    /// An export of `posts` posts over the last `weeks` weeks, engagement ∝ true reach with ~35% log-normal noise.
    static func export(posts: Int, weeks: Int, seed: UInt64, curve: ActivityCurve = truth, endingWeeksAgo: Int = 0)
        -> String {
        var random = Support.Random(seed: seed)
        let model = ReachModel(audience: .single(name: "truth", zone: zone, curve: curve), halfLife: 24)
        var lines = ["Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,engagement rate"]
        let end = now.addingTimeInterval(-Double(endingWeeksAgo) * 7 * 86_400)
        for index in 0..<posts {
            let at = end.addingTimeInterval(-(random.unit() * Double(weeks) * 7 * 86_400 / 300).rounded() * 300)
            let expected = 10 * model.reach(at: at)  // about 30 engagements at the curve's peak
            let engagements = (expected * exp(0.35 * random.normal() - 0.06)).rounded()
            let impressions = (engagements * 40 * exp(0.2 * random.normal())).rounded()
            let utc = Support.zone("UTC").localDateTime(for: at)
            let stamp = String(utc.description.dropLast(3)) + " +0000"  // "2026-11-23 14:05 +0000", as X writes it
            lines.append("\(index),https://x.com/a/\(index),\"post \(index), with a comma\",\(stamp),"
                + "\(Int(impressions)),\(Int(engagements)),0.02")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The true reach of the plan a curve produces for a week of 35 posts.
    static func planScore(_ curve: ActivityCurve) -> Double {
        let account = Account(name: "brand", timeZone: zone, minGap: 1200, maxPerDay: 8,
                              quiet: [QuietRange(parsing: "23:00-07:00")!], audience: "self", halfLife: 24)
        let entry = PlanningAccount(account: account, audience: .single(name: "self", zone: zone, curve: curve))
        let plan = Planner().plan(posts: (0..<35).map { PlanRequest(postID: "p\($0)", account: "brand") },
                                  accounts: [entry], fixed: [], now: now)
        let truth = ReachModel(audience: .single(name: "truth", zone: zone, curve: truth), halfLife: 24)
        return plan.compactMap(\.at).reduce(0) { $0 + truth.reach(at: $1) }
    }

    @Test("the plan from a curve learned from a noisy export reaches at least 95% of the plan from the true curve",
          arguments: [(UInt64(1), 400), (2, 400), (3, 400), (4, 400)])
    func recoversKnownCurve(seed: UInt64, posts: Int) throws {
        let export = try EngagementExport(csv: Self.export(posts: posts, weeks: 16, seed: seed))
        #expect(export.problems.isEmpty && export.rows.count == posts)
        let fit = try CurveFitter().fit(export.rows, zone: Self.zone, halfLife: 24, now: Self.now)
        #expect(fit.curve.peak == 1 && fit.posts == posts)
        let best = Self.planScore(Self.truth)
        let learned = Self.planScore(fit.curve)
        let standard = Self.planScore(.standard)
        #expect(learned >= 0.95 * best, "learned \(learned / best), default \(standard / best)")
        #expect(learned > standard, "learning should beat the default curve on this audience")
    }

    @Test("with little data the fit stays close to the default curve; where there is none it is the default")
    func shrinksWhenThin() throws {
        let export = try EngagementExport(csv: Self.export(posts: 4, weeks: 2, seed: 9))
        let fit = try CurveFitter().fit(export.rows, zone: Self.zone, halfLife: 24, now: Self.now)
        let standard = ActivityCurve.standard
        // Far from every post (support ≈ 0) the learned curve is the default's shape, up to the common scale.
        let empty = (0..<672).filter { fit.support[$0] < 1e-9 && fit.support[($0 + 1) % 672] < 1e-9 }
        #expect(empty.count > 300)
        let ratios = empty.filter { standard.values[$0] > 0.2 }.map { fit.curve.values[$0] / standard.values[$0] }
        #expect((ratios.max() ?? 0) - (ratios.min() ?? 0) < 1e-6)
    }

    @Test("recent posts outweigh old ones")
    func recency() throws {
        // A year-old export says the true curve; a recent one says its mirror image (night and day swapped).
        let mirrored = ActivityCurve(trusted: (0..<672).map { Self.truth.values[($0 + 48) % 672] })
        let old = try EngagementExport(csv: Self.export(posts: 400, weeks: 8, seed: 4, endingWeeksAgo: 52)).rows
        let recent = try EngagementExport(csv: Self.export(posts: 400, weeks: 8, seed: 5, curve: mirrored)).rows
        let fit = try CurveFitter().fit(old + recent, zone: Self.zone, halfLife: 24, now: Self.now)
        func distance(_ a: ActivityCurve, _ b: ActivityCurve) -> Double {
            zip(a.values, b.values).reduce(0) { $0 + abs($1.0 - $1.1) }
        }
        #expect(distance(fit.curve, mirrored) < distance(fit.curve, Self.truth))
    }

    @Test("rows without any engagement teach nothing: an error")
    func noSignal() throws {
        let rows = [EngagementExport.Row(line: 2, time: Self.now, impressions: 100, engagements: 0)]
        #expect(throws: EngagementExportError.noSignal) {
            try CurveFitter().fit(rows, zone: Self.zone, halfLife: 24, now: Self.now)
        }
    }
}
