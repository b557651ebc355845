import Foundation
import Testing
@testable import HeraldCore

/// Instances too large for brute force: the plan against bounds no plan can beat, and the fallback for tangled
/// windows against the exact chain programme.
@Suite("Planner at scale")
struct PlannerScaleTests {
    typealias Support = PlanTestSupport

    static let account = Account(
        name: "brand", timeZone: Support.zone("America/New_York"), minGap: 1200, maxPerDay: 8,
        quiet: [QuietRange(parsing: "23:00-07:00")!], audience: "us", halfLife: 24)

    static func entry(seed: UInt64) -> PlanningAccount {
        var random = Support.Random(seed: seed)
        let curves = (0..<2).map { _ in random.unit() < 0.5 ? ActivityCurve.standard : Support.randomCurve(&random) }
        return PlanningAccount(account: account, audience: Audience(name: "us", zones: [
            Audience.Zone(timeZone: Support.zone("America/New_York"), weight: 0.6, curve: curves[0]),
            Audience.Zone(timeZone: Support.zone("America/Los_Angeles"), weight: 0.4, curve: curves[1]),
        ]))
    }

    /// Relaxing `min_gap`: each local day's best `max_per_day` instants, and of those the best n overall.
    static func relaxedBound(entry: PlanningAccount, now: Date, days: Int, posts: Int) -> Double {
        var best: [String: [Double]] = [:]
        var instant = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 300).rounded(.up) * 300)
        let end = now.addingTimeInterval(Double(days) * 86_400)
        let zone = entry.account.timeZone
        while instant <= end {
            let local = zone.localDateTime(for: instant)
            if !entry.account.quiet.contains(where: { $0.contains(minuteOfDay: local.hour * 60 + local.minute) }) {
                best[Support.localDay(instant, zone), default: []].append(entry.reachModel.reach(at: instant))
            }
            instant = instant.addingTimeInterval(300)
        }
        let perDay = best.values.flatMap { $0.sorted(by: >).prefix(entry.account.maxPerDay) }
        return perDay.sorted(by: >).prefix(posts).reduce(0, +)
    }

    @Test("a week of 40 posts: below the relaxed bound, and within 7% of it", arguments: [UInt64(1), 2])
    func belowRelaxedBound(seed: UInt64) {
        let entry = Self.entry(seed: seed)
        let now = Support.at("2026-10-28T13:07:00Z")  // the week of the US fall-back
        let plan = Planner(horizon: 7 * 86_400).plan(
            posts: (0..<40).map { PlanRequest(postID: "p\($0)", account: "brand") }, accounts: [entry], fixed: [],
            now: now)
        #expect(plan.allSatisfy { $0.outcome == .planned })
        let total = plan.compactMap(\.reach).reduce(0, +)
        let bound = Self.relaxedBound(entry: entry, now: now, days: 7, posts: 40)
        #expect(total <= bound * (1 + 1e-9))
        #expect(total >= 0.93 * bound, "plan \(total), bound \(bound)")
    }

    @Test("tangled windows beyond the chain budget: the fallback stays within 0.5% of the exact chain programme",
          arguments: [UInt64(11), 13, 15])
    func fallbackAgainstChains(seed: UInt64) {
        var random = Support.Random(seed: seed)
        let entry = Self.entry(seed: seed)
        let now = Support.at("2026-06-01T04:00:00Z")
        let step: Int64 = 300
        let start = Int64(now.timeIntervalSince1970)
        // 24 posts over three days, 6 of them with random windows of 2–12 hours inside.
        var windows = (0..<24).map { _ in AccountPlanner.Window(lo: start, hi: start + 3 * 86_400) }
        for index in 0..<6 {
            let low = start + Int64(random.next() % 700) * step
            windows[index] = AccountPlanner.Window(lo: low, hi: low + Int64(24 + random.next() % 120) * step)
        }
        let planner = AccountPlanner(account: entry.account, model: entry.reachModel)
        let exact = planner.place(windows, fixed: [], chainBudget: 100_000_000)
        let best = exact.compactMap { $0?.reach }.reduce(0, +)
        for budget in [1, 200_000] {  // a single order; the long windows kept apart from the merged short ones
            let fallback = planner.place(windows, fixed: [], chainBudget: budget)
            #expect(fallback.filter { $0 != nil }.count == exact.filter { $0 != nil }.count, "budget \(budget)")
            let found = fallback.compactMap { $0?.reach }.reduce(0, +)
            #expect(found <= best * (1 + 1e-9))
            #expect(found >= 0.995 * best, "budget \(budget): fallback \(found), exact \(best)")
        }
    }
}
