import Foundation
import HeraldCore

/// The planner benchmark of issue 4, for `make bench` (`herald-bench planner`): plan 10,000 posts for 100 accounts
/// over 14 days, time it, and compare the plan's reach with three simple strategies on the same posts.
///
/// The instance is synthetic and seeded, so every run plans the same posts. Starting Monday 2026-10-19 00:00 UTC,
/// the 14 days contain Europe's and North America's autumn DST changes. 100 accounts in ten zones, each placing
/// for one of eight audiences spread over 1–4 zones (an account in San Francisco may write for New York), with the
/// sample config's rules (`min_gap` 20m, `max_per_day` 12, `quiet` 23:00–07:00) and `half_life` 24 (x) or 60
/// (mastodon). Each account receives 100 posts, written at uniformly random moments over the first 13 days by an
/// author in the account's zone (70%) or a random one of the ten (30%). A post may go out from the moment it is
/// written until the end of the 14 days: `Not-Before` its arrival, `Not-After` the horizon's end.
///
/// The strategies compared, with reach from the same formula:
/// - **on arrival**: published the moment it is written;
/// - **slots 09:00/12:30/17:15**: the account's next free queue slot in its own zone (``QueuePlanner``, with the same
///   gap, cap and quiet hours), which for ~7 posts a day runs weeks past the 14 days;
/// - **09:00 poster's zone**: at the next 09:00 of the author's own clock, as a person scheduling "for the morning";
/// - and an **upper bound** no plan can beat: every post at the best instant of its window, ignoring the others.
///
/// Reach simply adds up over statuses, so the two baselines that ignore `min_gap`, caps and quiet hours (on arrival,
/// 09:00) lose nothing by bunching posts: the comparison flatters them.
///
/// It lives in the bench target, not in HeraldCore or the shipped binaries; it reaches the planner's grid and
/// wall-clock arithmetic through their `package` access. Timing needs a clock: pass one (`ContinuousClock()`).
public enum PlannerBenchmark {
    /// The posts and accounts of one benchmark run.
    public struct Instance: Sendable {
        public var accounts: [PlanningAccount]
        public var requests: [PlanRequest]
        /// When each request's post was written (its `Not-Before`).
        public var arrivals: [Date]
        /// The author's zone of each request.
        public var posterZones: [TimeZone]
        public var now: Date
        public var horizon: TimeInterval
    }

    /// One strategy's result.
    public struct Row: Sendable, Equatable {
        public var strategy: String
        /// Posts given an instant.
        public var placed: Int
        public var totalReach: Double
        /// Posts whose instant falls after the horizon's end (the slot queue overflows).
        public var afterHorizon: Int = 0
    }

    /// Timings and the comparison table.
    public struct Report: Sendable, CustomStringConvertible {
        public var posts: Int
        public var accounts: Int
        /// Each timed run of the planner on the instance (windows from arrival to the horizon's end).
        public var runs: [Duration]
        /// Each timed run with every post known at `now` and the default window (all windows equal).
        public var equalWindowRuns: [Duration]
        public var rows: [Row]

        public var description: String {
            func milliseconds(_ duration: Duration) -> String {
                let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
                return String(format: "%.1f ms", value)
            }
            let herald = rows.first?.totalReach ?? 1
            var lines = [
                "planner benchmark: \(posts) posts, \(accounts) accounts, 14-day horizon",
                "  arrival windows: best \(milliseconds(runs.min() ?? .zero)), median "
                    + "\(milliseconds(runs.sorted()[runs.count / 2]))",
                "  equal windows:   best \(milliseconds(equalWindowRuns.min() ?? .zero)), median "
                    + "\(milliseconds(equalWindowRuns.sorted()[equalWindowRuns.count / 2]))",
                "",
                "  strategy                    placed   total reach   per post   vs Herald   after 14 days",
            ]
            for row in rows {
                lines.append("  " + row.strategy.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + String(format: "%8d  %12.1f  %9.3f  %9.1f%%  %14d", row.placed, row.totalReach,
                             row.totalReach / Double(max(row.placed, 1)), row.totalReach / herald * 100,
                             row.afterHorizon))
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Builds the seeded instance.
    public static func instance(seed: UInt64 = 2026, accounts accountCount: Int = 100, postsPerAccount: Int = 100,
                                days: Int = 14) -> Instance {
        var random = SplitMix64(seed: seed)
        let zoneNames = ["America/New_York", "America/Los_Angeles", "America/Chicago", "Europe/London",
                         "Europe/Berlin", "Europe/Oslo", "Asia/Tokyo", "Australia/Sydney", "Asia/Kolkata",
                         "America/Sao_Paulo"]
        let zones = zoneNames.compactMap(TimeZone.init(identifier:))
        let audiences: [Audience] = [
            ["America/New_York": 0.6, "America/Los_Angeles": 0.4],
            ["Europe/London": 0.4, "Europe/Berlin": 0.4, "Europe/Oslo": 0.2],
            ["America/New_York": 0.3, "Europe/London": 0.3, "Asia/Tokyo": 0.2, "Australia/Sydney": 0.2],
            ["Asia/Kolkata": 1],
            ["Asia/Tokyo": 0.5, "Australia/Sydney": 0.5],
            ["America/Sao_Paulo": 0.7, "America/New_York": 0.3],
            ["America/Chicago": 0.5, "America/New_York": 0.25, "America/Los_Angeles": 0.25],
            ["Europe/London": 1],
        ].enumerated().compactMap { index, weights in try? Audience(name: "audience\(index)", weights: weights) }
        let now = Date(timeIntervalSince1970: 1_792_368_000)  // 2026-10-19 00:00:00 UTC, a Monday
        let horizon = TimeInterval(days) * 86_400
        let end = now.addingTimeInterval(horizon)
        var accounts: [PlanningAccount] = []
        var requests: [PlanRequest] = []
        var arrivals: [Date] = []
        var posterZones: [TimeZone] = []
        for index in 0..<accountCount {
            let zone = zones[index % zones.count]
            let audience = audiences[(index * 7 + 3) % audiences.count]
            let network: Network = index % 3 == 2 ? .mastodon : .x
            let account = Account(
                name: "account\(index)", network: network, timeZone: zone,
                slots: [ClockTime(hour: 9, minute: 0), ClockTime(hour: 12, minute: 30),
                        ClockTime(hour: 17, minute: 15)],
                minGap: 1200, maxPerDay: 12, quiet: [QuietRange(start: ClockTime(hour: 23, minute: 0),
                                                                end: ClockTime(hour: 7, minute: 0))],
                audience: audience.name, halfLife: network == .x ? 24 : 60
            )
            accounts.append(PlanningAccount(account: account, audience: audience))
            let written = (0..<postsPerAccount).map { _ in
                now.addingTimeInterval((random.unit() * (horizon - 86_400)).rounded())
            }.sorted()
            for (post, arrival) in written.enumerated() {
                requests.append(PlanRequest(postID: "\(account.name)-\(post)", account: account.name,
                                            notBefore: arrival, notAfter: end))
                arrivals.append(arrival)
                posterZones.append(random.unit() < 0.7 ? zone : zones[Int(random.next() % UInt64(zones.count))])
            }
        }
        return Instance(accounts: accounts, requests: requests, arrivals: arrivals, posterZones: posterZones,
                        now: now, horizon: horizon)
    }

    /// Plans the instance `repetitions` times under `clock`, and compares the plan with the baselines.
    public static func run<C: Clock>(clock: C, instance: Instance = instance(), repetitions: Int = 5) -> Report
    where C.Duration == Duration {
        let planner = Planner(horizon: instance.horizon, freeze: 0)
        var plan: [PlannedPlacement] = []
        var runs: [Duration] = []
        for _ in 0..<max(1, repetitions) {
            runs.append(clock.measure {
                plan = planner.plan(posts: instance.requests, accounts: instance.accounts, fixed: [], now: instance.now)
            })
        }
        let known = instance.requests.map { PlanRequest(postID: $0.postID, account: $0.account) }
        var equalWindowRuns: [Duration] = []
        for _ in 0..<max(1, repetitions) {
            equalWindowRuns.append(clock.measure {
                _ = planner.plan(posts: known, accounts: instance.accounts, fixed: [], now: instance.now)
            })
        }
        return Report(posts: instance.requests.count, accounts: instance.accounts.count, runs: runs,
                      equalWindowRuns: equalWindowRuns, rows: compare(plan: plan, instance: instance))
    }

    /// Herald's plan, the three baselines and the upper bound, as table rows (Herald first).
    public static func compare(plan: [PlannedPlacement], instance: Instance) -> [Row] {
        var models: [String: ReachModel] = [:]
        var accounts: [String: Account] = [:]
        for entry in instance.accounts {
            models[entry.account.name] = entry.reachModel
            accounts[entry.account.name] = entry.account
        }
        func reach(_ index: Int, _ date: Date) -> Double {
            models[instance.requests[index].account]?.reach(at: date) ?? 0
        }
        let planned = plan.filter { $0.at != nil }
        var rows = [Row(strategy: "Herald planner", placed: planned.count,
                        totalReach: planned.reduce(0) { $0 + ($1.reach ?? 0) })]

        let onArrival = instance.arrivals.indices.reduce(0.0) { $0 + reach($1, instance.arrivals[$1]) }
        rows.append(Row(strategy: "on arrival", placed: instance.arrivals.count, totalReach: onArrival))

        let end = instance.now.addingTimeInterval(instance.horizon)
        var slotsTotal = 0.0, slotsPlaced = 0, slotsLate = 0
        var occupied: [String: [Date]] = [:]
        for index in instance.requests.indices {
            let name = instance.requests[index].account
            guard let account = accounts[name],
                  let slot = QueuePlanner.nextSlot(for: account, notBefore: instance.arrivals[index], notAfter: nil,
                                                   occupied: occupied[name, default: []])
            else { continue }
            occupied[name, default: []].append(slot)
            slotsTotal += reach(index, slot)
            slotsPlaced += 1
            if slot > end { slotsLate += 1 }
        }
        rows.append(Row(strategy: "slots 09:00/12:30/17:15", placed: slotsPlaced, totalReach: slotsTotal,
                        afterHorizon: slotsLate))

        var morningTotal = 0.0, morningLate = 0
        for index in instance.requests.indices {
            let zone = instance.posterZones[index]
            let arrival = instance.arrivals[index]
            let local = zone.localDateTime(for: arrival)
            var day = LocalDateTime(year: local.year, month: local.month, day: local.day, hour: 9) ?? local
            var morning = zone.date(for: day)
            if morning < arrival {
                day = LocalDateTime(secondsAsIfUTC: day.secondsAsIfUTC + 86_400) ?? day
                morning = zone.date(for: day)
            }
            morningTotal += reach(index, morning)
            if morning > end { morningLate += 1 }
        }
        rows.append(Row(strategy: "09:00 poster's zone", placed: instance.requests.count, totalReach: morningTotal,
                        afterHorizon: morningLate))

        rows.append(Row(strategy: "upper bound (no rules)", placed: instance.requests.count,
                        totalReach: upperBound(instance: instance)))
        return rows
    }

    /// Σ over posts of the best reach in the post's window on the grid, ignoring every rule that couples posts.
    static func upperBound(instance: Instance) -> Double {
        var total = 0.0
        let step = PlanningGrid.step
        for entry in instance.accounts {
            let mine = instance.requests.indices.filter { instance.requests[$0].account == entry.account.name }
            guard let first = mine.map({ instance.arrivals[$0] }).min() else { continue }
            let origin = Int64((first.timeIntervalSince1970 / Double(step)).rounded(.up)) * step
            let end = Int64(instance.now.addingTimeInterval(instance.horizon).timeIntervalSince1970)
            let count = Int((end - origin) / step) + 1
            var grid = PlanningGrid(origin: origin, count: count + (ReachModel.terms - 1) * 3)
            let reach = entry.reachModel.reach(on: &grid, count: count)
            // Best reach from each grid instant to the end (windows all end at the horizon).
            var bestFrom = reach
            for index in stride(from: count - 2, through: 0, by: -1) {
                bestFrom[index] = max(bestFrom[index], bestFrom[index + 1])
            }
            for index in mine {
                let start = Int64((instance.arrivals[index].timeIntervalSince1970 / Double(step)).rounded(.up)) * step
                total += bestFrom[Int((start - origin) / step)]
            }
        }
        return total
    }
}
