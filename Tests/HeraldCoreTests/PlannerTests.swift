import Foundation
import Testing
@testable import HeraldCore

@Suite("Planner")
struct PlannerTests {
    typealias Support = PlanTestSupport

    static func account(
        _ name: String = "brand", zone: String = "America/New_York", minGap: TimeInterval = 0, maxPerDay: Int = 0,
        quiet: [String] = [], halfLife: Double = 24
    ) -> Account {
        Account(name: name, timeZone: Support.zone(zone), minGap: minGap, maxPerDay: maxPerDay,
                quiet: quiet.map { QuietRange(parsing: $0)! }, audience: "test", halfLife: halfLife)
    }

    static func entry(_ account: Account, _ zones: [(String, ActivityCurve)]) -> PlanningAccount {
        PlanningAccount(account: account, audience: Audience(name: "test", zones: zones.map {
            Audience.Zone(timeZone: Support.zone($0.0), weight: 1, curve: $0.1)
        }))
    }

    static let flat = ActivityCurve(trusted: Array(repeating: 1, count: ActivityCurve.count))

    // MARK: - Behaviour

    @Test("ties go to the earliest instant: on a flat curve a post goes at now, rounded up to the 5-minute grid")
    func earliestOnTies() {
        let entry = Self.entry(Self.account(minGap: 600), [("UTC", Self.flat)])
        let now = Support.at("2026-06-01T10:02:30Z")
        let plan = Planner().plan(posts: (1...3).map { PlanRequest(postID: "p\($0)", account: "brand") },
                                  accounts: [entry], fixed: [], now: now)
        #expect(plan.map(\.at) == ["10:05", "10:15", "10:25"].map { Support.at("2026-06-01T\($0):00Z") })
        #expect(plan.allSatisfy { $0.outcome == .planned })
    }

    @Test("a post goes to its audience's peak in the audience's local time, on both sides of a DST change")
    func peakAcrossDST() {
        // Peak at 09:00 New York time every day. 2026-03-08 is the spring-forward day.
        var values = [Double](repeating: 0.1, count: ActivityCurve.count)
        for day in 0..<7 { values[day * 96 + 36] = 1 }
        let curve = ActivityCurve(trusted: values)
        let entry = Self.entry(Self.account(halfLife: 5), [("America/New_York", curve)])
        let before = Planner(horizon: 86_400).plan(
            posts: [PlanRequest(postID: "a", account: "brand")], accounts: [entry], fixed: [],
            now: Support.at("2026-03-07T00:00:00Z"))
        let after = Planner(horizon: 86_400).plan(
            posts: [PlanRequest(postID: "a", account: "brand")], accounts: [entry], fixed: [],
            now: Support.at("2026-03-08T12:00:00Z"))
        #expect(before[0].at == Support.at("2026-03-07T09:00:00-05:00"))
        #expect(after[0].at == Support.at("2026-03-08T09:00:00-04:00"))
    }

    @Test("a cross-posted post is planned per account, each at its own audience's best time")
    func crossPosting() {
        var values = [Double](repeating: 0.1, count: ActivityCurve.count)
        for day in 0..<7 { values[day * 96 + 36] = 1 }  // 09:00 local
        let curve = ActivityCurve(trusted: values)
        let newYork = Self.entry(Self.account("us", halfLife: 5), [("America/New_York", curve)])
        let tokyo = Self.entry(Self.account("jp", zone: "Asia/Tokyo", halfLife: 5), [("Asia/Tokyo", curve)])
        let plan = Planner(horizon: 86_400).plan(
            posts: [PlanRequest(postID: "x", account: "us"), PlanRequest(postID: "x", account: "jp")],
            accounts: [newYork, tokyo], fixed: [], now: Support.at("2026-06-01T02:00:00Z"))
        #expect(plan[0].at == Support.at("2026-06-01T09:00:00-04:00"))
        #expect(plan[1].at == Support.at("2026-06-02T09:00:00+09:00"))
    }

    @Test("quiet hours, min_gap around a fixed status, and max_per_day counting fixed statuses")
    func rulesAroundFixed() {
        // The best moment is 23:30 local, which is quiet: the post goes to the best allowed one.
        let curve = Support.impulses(["Mon,23:30": 1, "Mon,22:00": 0.5, "Mon,21:00": 0.25])
        let quietEntry = Self.entry(Self.account(quiet: ["23:00-07:00"], halfLife: 5), [("America/New_York", curve)])
        let now = Support.at("2026-06-01T12:00:00-04:00")
        let quiet = Planner(horizon: 86_400).plan(
            posts: [PlanRequest(postID: "a", account: "brand")], accounts: [quietEntry], fixed: [], now: now)
        #expect(quiet[0].at == Support.at("2026-06-01T22:00:00-04:00"))

        // A fixed status at 22:00 takes that moment; the post keeps min_gap (20 min) from it. Reach fades to an
        // eighth per quarter hour (h = 5), so 21:00 (0.25 and a little) now beats 21:40 (0.5 · ⅛²) and 22:20.
        let gapEntry = Self.entry(Self.account(minGap: 1200, quiet: ["23:00-07:00"], halfLife: 5),
                                  [("America/New_York", curve)])
        let fixed = [FixedStatus(account: "brand", at: Support.at("2026-06-01T22:00:00-04:00"))]
        let gap = Planner(horizon: 86_400).plan(
            posts: [PlanRequest(postID: "a", account: "brand")], accounts: [gapEntry], fixed: fixed, now: now)
        #expect(gap[0].at == Support.at("2026-06-01T21:00:00-04:00"))

        // max_per_day 1 and a fixed status on Monday: the post waits for Tuesday, where the curve is flat (zero), so
        // it takes Tuesday's first moment after quiet hours.
        let capEntry = Self.entry(Self.account(maxPerDay: 1, quiet: ["23:00-07:00"], halfLife: 5),
                                  [("America/New_York", curve)])
        let capped = Planner(horizon: 2 * 86_400).plan(
            posts: [PlanRequest(postID: "a", account: "brand")], accounts: [capEntry], fixed: fixed, now: now)
        #expect(capped[0].at == Support.at("2026-06-02T07:00:00-04:00"))
    }

    @Test("frozen posts keep their instant and count as fixed; later ones are re-planned")
    func freeze() {
        let entry = Self.entry(Self.account(minGap: 1800), [("UTC", Self.flat)])
        let now = Support.at("2026-06-01T10:00:00Z")
        let plan = Planner(freeze: 3600).plan(
            posts: [
                PlanRequest(postID: "soon", account: "brand", scheduledAt: Support.at("2026-06-01T10:40:00Z")),
                PlanRequest(postID: "later", account: "brand", scheduledAt: Support.at("2026-06-03T10:00:00Z")),
            ],
            accounts: [entry], fixed: [], now: now)
        #expect(plan[0].outcome == .frozen && plan[0].at == Support.at("2026-06-01T10:40:00Z"))
        #expect(plan[0].reach == entry.reachModel.reach(at: Support.at("2026-06-01T10:40:00Z")))
        // Flat curve: as early as possible, but 30 minutes from the frozen 10:40 (so not 10:10–11:10).
        #expect(plan[1].outcome == .planned && plan[1].at == Support.at("2026-06-01T10:00:00Z"))
        let tight = Planner(freeze: 3600).plan(
            posts: [
                PlanRequest(postID: "soon", account: "brand", scheduledAt: Support.at("2026-06-01T10:20:00Z")),
                PlanRequest(postID: "later", account: "brand"),
            ],
            accounts: [entry], fixed: [], now: now)
        #expect(tight[1].at == Support.at("2026-06-01T10:50:00Z"))
    }

    @Test("windows: closed, unknown accounts, and more posts than room places as many as fit")
    func outcomes() {
        let entry = Self.entry(Self.account(minGap: 1200), [("UTC", Self.flat)])
        let now = Support.at("2026-06-01T10:00:00Z")
        let plan = Planner().plan(
            posts: [
                PlanRequest(postID: "late", account: "brand", notAfter: Support.at("2026-06-01T09:00:00Z")),
                PlanRequest(postID: "nobody", account: "ghost"),
                PlanRequest(postID: "tiny", account: "brand", notBefore: Support.at("2026-06-01T12:01:00Z"),
                            notAfter: Support.at("2026-06-01T12:04:00Z")),
            ],
            accounts: [entry], fixed: [], now: now)
        #expect(plan.map(\.outcome) == [.windowClosed, .unknownAccount, .windowClosed])

        // One hour, 20-minute gap: 10:00, 10:20, 10:40, 11:00 — four of ten fit.
        let crowd = (0..<10).map {
            PlanRequest(postID: "p\($0)", account: "brand", notAfter: Support.at("2026-06-01T11:00:00Z"))
        }
        let crowded = Planner().plan(posts: crowd, accounts: [entry], fixed: [], now: now)
        #expect(crowded.filter { $0.outcome == .planned }.count == 4)
        #expect(crowded.filter { $0.outcome == .noRoom }.count == 6)
        #expect(Set(crowded.compactMap(\.at)).count == 4)
    }

    // MARK: - Against brute force

    /// A small random instance: one account, up to 3 posts, windows of at most ~3 hours.
    struct Instance {
        var account: Account
        var entry: PlanningAccount
        var now: Date
        var windows: [(lo: Date, hi: Date)]
        var fixed: [Date]
    }

    enum WindowKind { case equal, agreeable, nested }

    static func instance(seed: UInt64, kind: WindowKind) -> Instance {
        var random = Support.Random(seed: seed)
        let zones = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "UTC"]
        let zone = zones[Int(random.next() % UInt64(zones.count))]
        let gaps: [TimeInterval] = [0, 600, 1200, 2700]
        let quiets: [[String]] = [[], ["23:00-07:00"], ["00:30-01:30"]]
        let account = Self.account(
            zone: zone, minGap: gaps[Int(random.next() % 4)], maxPerDay: [0, 2, 3][Int(random.next() % 3)],
            quiet: quiets[Int(random.next() % 3)], halfLife: [15, 24, 60][Int(random.next() % 3)])
        let audienceZones = (0..<(1 + Int(random.next() % 2))).map { _ in
            (zones[Int(random.next() % UInt64(zones.count))], Support.randomCurve(&random))
        }
        let entry = PlanningAccount(account: account, audience: Audience(name: "a", zones: audienceZones.map {
            Audience.Zone(timeZone: Support.zone($0.0), weight: 0.2 + random.unit(), curve: $0.1)
        }))
        // Around local midnight half the time (so day caps and midnight matter), and around DST changes.
        let bases = ["2026-03-08T04:00:00Z", "2026-11-01T04:00:00Z", "2026-04-04T13:00:00Z", "2026-06-01T22:40:00Z",
                     "2026-06-02T03:30:00Z"]
        let base = Support.at(bases[Int(random.next() % UInt64(bases.count))])
        let now = base.addingTimeInterval(Double(random.next() % 7200))
        let start = (now.timeIntervalSince1970 / 300).rounded(.up) * 300
        let posts = 1 + Int(random.next() % 3)
        let span = 24 + Int(random.next() % 13)  // grid steps: 2 to 3 hours
        var windows: [(lo: Date, hi: Date)] = []
        for index in 0..<posts {
            var low = 0, high = span
            switch kind {
            case .equal: break
            case .agreeable:
                low = index * Int(random.next() % 8)
                high = span - (posts - 1 - index) * Int(random.next() % 8)
            case .nested:
                low = Int(random.next() % UInt64(span / 2))
                high = max(low + 6, span - Int(random.next() % UInt64(span / 2)))
            }
            windows.append((Date(timeIntervalSince1970: start + Double(low) * 300),
                            Date(timeIntervalSince1970: start + Double(high) * 300)))
        }
        if kind == .agreeable { windows.sort { ($0.lo, $0.hi) < ($1.lo, $1.hi) } }
        let fixed = (0..<Int(random.next() % 3)).map { _ in
            Date(timeIntervalSince1970: start + Double(random.next() % UInt64(span * 300)))
        }
        return Instance(account: account, entry: entry, now: now, windows: windows, fixed: fixed)
    }

    static func plan(_ instance: Instance) -> [PlannedPlacement] {
        let requests = instance.windows.enumerated().map {
            PlanRequest(postID: "p\($0.offset)", account: instance.account.name, notBefore: $0.element.lo,
                        notAfter: $0.element.hi)
        }
        return Planner(horizon: 86_400, freeze: 0).plan(
            posts: requests, accounts: [instance.entry],
            fixed: instance.fixed.map { FixedStatus(account: instance.account.name, at: $0) }, now: instance.now)
    }

    @Test("equal and agreeable windows: exactly the brute-force optimum, earliest among ties", arguments: [
        WindowKind.equal, .agreeable,
    ])
    func exactAgainstBruteForce(kind: WindowKind) {
        var compared = 0
        for seed in UInt64(1)...150 {
            let instance = Self.instance(seed: seed &* 7919 &+ (kind == .equal ? 0 : 1), kind: kind)
            let best = Support.bruteForce(account: instance.account, model: instance.entry.reachModel,
                                          windows: instance.windows, fixed: instance.fixed)
            let plan = Self.plan(instance)
            guard let best else {
                #expect(plan.contains { $0.outcome == .noRoom }, "seed \(seed): brute force finds no full plan")
                continue
            }
            compared += 1
            #expect(plan.allSatisfy { $0.outcome == .planned }, "seed \(seed)")
            let instants = plan.compactMap(\.at).sorted()
            let total = plan.compactMap(\.reach).reduce(0, +)
            #expect(instants == best.instants, "seed \(seed)")
            #expect(abs(total - best.total) <= 1e-9 * best.total, "seed \(seed)")
        }
        #expect(compared >= 75)
    }

    /// The same instance through ``AccountPlanner`` directly, with a chosen budget for the chain programme.
    static func totalReach(_ instance: Instance, chainBudget: Int) -> (placed: Int, total: Double) {
        let windows = instance.windows.map {
            AccountPlanner.Window(lo: Int64($0.lo.timeIntervalSince1970), hi: Int64($0.hi.timeIntervalSince1970))
        }
        let planner = AccountPlanner(account: instance.account, model: instance.entry.reachModel)
        let placements = planner.place(windows, fixed: instance.fixed.map(\.timeIntervalSince1970),
                                       chainBudget: chainBudget).compactMap { $0 }
        return (placements.count, placements.reduce(0) { $0 + $1.reach })
    }

    @Test("nested windows: the chain programme finds the brute-force optimum, the fallback stays within 0.5%")
    func nestedAgainstBruteForce() {
        var worst = 1.0
        var compared = 0
        for seed in UInt64(1)...200 {
            let instance = Self.instance(seed: seed &* 104_729, kind: .nested)
            guard let best = Support.bruteForce(account: instance.account, model: instance.entry.reachModel,
                                                windows: instance.windows, fixed: instance.fixed) else { continue }
            compared += 1
            let plan = Self.plan(instance)
            #expect(plan.allSatisfy { $0.outcome == .planned }, "seed \(seed)")
            let total = plan.compactMap(\.reach).reduce(0, +)
            #expect(abs(total - best.total) <= 1e-9 * best.total, "seed \(seed)")
            let fallback = Self.totalReach(instance, chainBudget: 0)
            #expect(fallback.placed == instance.windows.count, "seed \(seed)")
            #expect(fallback.total <= best.total * (1 + 1e-9), "seed \(seed): better than brute force?")
            worst = min(worst, fallback.total / best.total)
        }
        #expect(compared >= 90)
        #expect(worst >= 0.995, "the fallback's worst ratio to the optimum")
    }
}
