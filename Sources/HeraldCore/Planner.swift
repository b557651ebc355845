import Foundation

/// Places posts without `At:` at the moments their audiences are most likely to see them (issue 4).
///
/// **Model.** A status published at `t` is worth ``ReachModel/reach(at:)``. Each post of an account with an
/// audience gets one instant on the 5-minute UTC grid, inside its window, outside the account's quiet hours, at
/// least `min_gap` from every other status of the account (fixed ones included, and never at the same instant even
/// with `min_gap` 0), with at most `max_per_day` statuses per local day of the account's zone (fixed ones count).
/// The plan maximises the total reach; among plans of equal total the earliest wins (compared instant by instant,
/// from the first). Accounts never constrain one another, so each is planned on its own; a post for several
/// accounts is one request per account, and each copy lands at its own audience's best time.
///
/// **Windows.** A post's window runs from `max(now, Not-Before)` to `Not-After`, cut to ``horizon`` after its
/// start (so a post without either header is placed within `now … now + horizon`); both ends are rounded inwards to
/// the grid. Issue 4 words the default end as `now + horizon`; measuring it from the window's start instead keeps a
/// post with only a far `Not-Before` placeable. Posts due within ``freeze`` of `now` keep their instant and become
/// fixed statuses for the rest.
///
/// **Algorithm.** Per account, a dynamic programme over (candidate instant, posts still to place, posts already on
/// that local day) — ``PlacementSolver``. It is exact when the windows are *agreeable* (sorting by start also sorts
/// by end): equal windows — the usual case, every post without headers — as well as windows sharing a start or an
/// end, and sliding windows such as "from arrival to the horizon". Then some optimal plan gives instants to posts in
/// sorted order, so the state only counts posts instead of naming them. Day caps are enforced lazily: days are
/// counted only where a plan overfilled them, which is exact and usually needs one pass at 1/(J+1) of the states.
/// Tangled windows (one strictly inside another) split into the fewest agreeable *chains*, and the programme counts
/// posts per chain (``ChainPlacementSolver``): exact again while the states stay within a budget (4 million
/// candidate × chain states, some 50 ms), which covers a default-window backlog plus a handful of tighter posts.
/// Beyond the budget, chains are merged in an order guided by the relaxed optimum, and the plan is polished by
/// single and paired moves and re-solved in the order they produce (``PlacementLocalSearch``); on random instances
/// this fallback stays within 0.5% of the exact optimum (the tests check brute force and the chain programme).
/// Reach is compared as integers, 2^-40 of the account's best instant apart, so sums are exact and ties are ties;
/// "exact" means exact at that resolution. The earliest-first rule is exact for agreeable windows; for tangled
/// ones the programme still takes the earliest instant that an optimal plan can take, but the choice of which post
/// takes it is not searched for the earliest continuation.
///
/// **Complexity.** For an account with K candidate instants (≤ 288 per day of window, fewer after quiet hours), n
/// posts and a day cap J (0 when unlimited): reach costs O(zones · K); the programme O(K · B) per pass, and
/// O(K · B · (J+1)) in the worst case, with B ≤ n+1 the band of feasible post counts at an instant (narrowed by
/// windows, caps and the gap); memory O(gap · n · (J+1)) values plus one bit per state. Tangled windows multiply B
/// by the other chains' sizes. The whole plan is the sum over accounts. Planning 10,000 posts for 100 accounts over
/// 14 days takes well under 200 ms in a release build (`herald-bench planner`, which `make bench` runs).
///
/// Everything the plan depends on comes in as values (`now` included), so the daemon's re-plan on a new post, a
/// cancellation or a config reload and `herald plan --now T` give the same answer for the same inputs. Requests of
/// one account are interchangeable apart from their windows; equal ones take instants in the order given, so pass
/// them in a stable order (say, by acceptance time) for re-plans to keep posts in place.
public struct Planner: Sendable, Equatable {
    /// How far past a window's start the planner looks (config `horizon`, default 7 days).
    public var horizon: TimeInterval
    /// Planned posts due within this much of `now` are not moved again (config `freeze`, default 1 hour).
    public var freeze: TimeInterval

    public init(horizon: TimeInterval = 7 * 86_400, freeze: TimeInterval = 3_600) {
        self.horizon = horizon
        self.freeze = freeze
    }

    /// The placement of every request, in the requests' order.
    ///
    /// - Parameters:
    ///   - posts: one request per post and account.
    ///   - accounts: the accounts that have an audience (requests for any other account come back
    ///     `unknownAccount`; the slot queue, ``QueuePlanner``, places those).
    ///   - fixed: the accounts' statuses the plan must work around (explicit `At:`, queued slot posts, recent
    ///     publications); statuses of other accounts are ignored.
    ///   - now: the planning instant.
    public func plan(
        posts: [PlanRequest], accounts: [PlanningAccount], fixed: [FixedStatus], now: Date
    ) -> [PlannedPlacement] {
        var byName: [String: Int] = [:]
        for (index, entry) in accounts.enumerated() where byName[entry.account.name] == nil {
            byName[entry.account.name] = index
        }
        var results = posts.map {
            PlannedPlacement(postID: $0.postID, account: $0.account, outcome: .unknownAccount)
        }
        var fixedByAccount = [[Double]](repeating: [], count: accounts.count)
        for status in fixed {
            if let index = byName[status.account] { fixedByAccount[index].append(status.at.timeIntervalSince1970) }
        }
        var models: [Int: ReachModel] = [:]
        func model(_ index: Int) -> ReachModel {
            if let known = models[index] { return known }
            let made = accounts[index].reachModel
            models[index] = made
            return made
        }

        // Frozen posts first: they are fixed statuses for everything else.
        var pending = [[Int]](repeating: [], count: accounts.count)
        for (position, request) in posts.enumerated() {
            guard let index = byName[request.account] else { continue }
            if let scheduled = request.scheduledAt, scheduled <= now.addingTimeInterval(freeze) {
                results[position].outcome = .frozen
                results[position].at = scheduled
                results[position].reach = model(index).reach(at: scheduled)
                fixedByAccount[index].append(scheduled.timeIntervalSince1970)
            } else {
                pending[index].append(position)
            }
        }

        let step = Double(PlanningGrid.step)
        for index in accounts.indices where !pending[index].isEmpty {
            var windows: [AccountPlanner.Window] = []
            var owners: [Int] = []
            for position in pending[index] {
                let request = posts[position]
                let start = max(now, request.notBefore ?? now).timeIntervalSince1970
                let end = min(request.notAfter?.timeIntervalSince1970 ?? .infinity, start + horizon)
                let low = (start / step).rounded(.up) * step
                let high = (end / step).rounded(.down) * step
                guard low.isFinite, high.isFinite, low <= high else {
                    results[position].outcome = .windowClosed
                    continue
                }
                windows.append(AccountPlanner.Window(lo: Int64(low), hi: Int64(high)))
                owners.append(position)
            }
            guard !windows.isEmpty else { continue }
            let planner = AccountPlanner(account: accounts[index].account, model: model(index))
            let placements = planner.place(windows, fixed: fixedByAccount[index])
            for (position, placement) in zip(owners, placements) {
                if let placement {
                    results[position].outcome = .planned
                    results[position].at = Date(timeIntervalSince1970: TimeInterval(placement.seconds))
                    results[position].reach = placement.reach
                } else {
                    results[position].outcome = .noRoom
                }
            }
        }
        return results
    }
}
