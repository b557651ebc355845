import Foundation
import Testing
@testable import HeraldCore

/// Random instances (fixed seeds, so any failure replays): whatever the planner decides, every rule holds.
@Suite("Planner properties")
struct PlannerPropertyTests {
    typealias Support = PlanTestSupport

    @Test("constraints always hold, frozen posts stay, and the same input gives the same plan", arguments: 0..<30)
    func constraintsHold(seed: Int) {
        var random = Support.Random(seed: UInt64(seed) &* 0x5DEE_CE66D &+ 11)
        let zones = ["America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Oslo", "Australia/Sydney",
                     "Asia/Kolkata", "Asia/Tokyo", "America/Santiago"]
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        // Early March to mid April 2026 holds the US, European, Chilean and Australian DST changes.
        let now = Support.at("2026-03-05T00:00:00Z").addingTimeInterval(Double(random.next() % (40 * 86_400)) + 17)
        let horizon = Double(1 + random.next() % 4) * 86_400
        var entries: [PlanningAccount] = []
        var requests: [PlanRequest] = []
        var fixed: [FixedStatus] = []
        for index in 0..<(1 + Int(random.next() % 3)) {
            let account = Account(
                name: "a\(index)", timeZone: Support.zone(pick(zones)), minGap: pick([0, 300, 1200, 3600, 7200]),
                maxPerDay: pick([0, 1, 3, 8]), quiet: pick([[], ["23:00-07:00"], ["22:00-08:00", "12:00-13:00"]])
                    .map { QuietRange(parsing: $0)! },
                audience: "x", halfLife: pick([24.0, 60.0]))
            let audience = Audience(name: "x", zones: (0..<(1 + Int(random.next() % 3))).map { _ in
                Audience.Zone(timeZone: Support.zone(pick(zones)), weight: random.unit(),
                              curve: random.unit() < 0.5 ? .standard : Support.randomCurve(&random))
            })
            entries.append(PlanningAccount(account: account, audience: audience))
            for post in 0..<Int(random.next() % 16) {
                var request = PlanRequest(postID: "p\(post)", account: account.name)
                if random.unit() < 0.4 {
                    let start = now.addingTimeInterval(Double(random.next() % UInt64(horizon)) - 3600)
                    request.notBefore = start
                    request.notAfter = start.addingTimeInterval(Double(random.next() % UInt64(horizon)))
                }
                if random.unit() < 0.2 {
                    request.scheduledAt = now.addingTimeInterval(Double(random.next() % 14_400) - 3600)
                }
                requests.append(request)
            }
            for _ in 0..<Int(random.next() % 5) {
                fixed.append(FixedStatus(account: account.name,
                                         at: now.addingTimeInterval(Double(random.next() % UInt64(horizon)))))
            }
        }
        let planner = Planner(horizon: horizon, freeze: 3600)
        let plan = planner.plan(posts: requests, accounts: entries, fixed: fixed, now: now)
        #expect(plan.count == requests.count)
        #expect(plan == planner.plan(posts: requests, accounts: entries, fixed: fixed, now: now))

        for entry in entries {
            let account = entry.account
            let mine = requests.indices.filter { requests[$0].account == account.name }
            var windows: [(lo: Date, hi: Date)] = []
            var placed: [Date?] = []
            var others = fixed.filter { $0.account == account.name }.map(\.at)
            for index in mine {
                let request = requests[index], result = plan[index]
                #expect(result.postID == request.postID && result.account == request.account)
                switch result.outcome {
                case .frozen:
                    #expect(result.at == request.scheduledAt)
                    others.append(result.at!)
                case .planned:
                    let start = max(now, request.notBefore ?? now)
                    let end = min(request.notAfter ?? .distantFuture, start.addingTimeInterval(horizon))
                    windows.append((start, end))
                    placed.append(result.at)
                    #expect(result.reach.map { abs($0 - entry.reachModel.reach(at: result.at!)) <= 1e-9 * $0 } == true)
                case .windowClosed:
                    #expect((request.notAfter ?? .distantFuture) < max(now, request.notBefore ?? now)
                        .addingTimeInterval(300))
                case .noRoom:
                    break
                case .unknownAccount:
                    Issue.record("known account reported unknown")
                }
            }
            let problems = Support.violations(account: account, windows: windows, placed: placed, fixed: others)
            #expect(problems.isEmpty, "seed \(seed), \(account.name): \(problems.prefix(3))")
        }
    }
}
