import Foundation

/// Turns one account's share of a planning run into a ``PlacementSolver`` problem and its answer back into instants.
///
/// It builds the 5-minute grid over the account's windows, computes reach on it, drops the instants the rules rule
/// out for every post (quiet hours, too close to a fixed status, outside every window), works out each local day's
/// remaining `max_per_day` after fixed statuses, and chooses how to solve (see ``Problem/solve(chainBudget:)``).
struct AccountPlanner {
    let account: Account
    let model: ReachModel

    /// A post's window as grid instants (seconds since 1970, multiples of 300), `lo ≤ hi`.
    struct Window: Equatable {
        var lo: Int64
        var hi: Int64
    }

    /// Where a post went and its reach.
    struct Placement: Equatable {
        var seconds: Int64
        var reach: Double
    }

    /// One placement (or nil: no room) per window, in the windows' order. `fixed` holds the account's other
    /// statuses as seconds since 1970, in any order.
    func place(_ windows: [Window], fixed: [Double], chainBudget: Int = Problem.chainBudget) -> [Placement?] {
        guard let problem = Problem(account: account, model: model, windows: windows, fixed: fixed) else {
            return Array(repeating: nil, count: windows.count)
        }
        let solution = problem.solve(chainBudget: chainBudget)
        return solution.map { candidate in
            candidate.map { Placement(seconds: problem.seconds(ofCandidate: $0), reach: problem.reach[$0]) }
        }
    }
}

extension AccountPlanner {
    /// The candidates and posts of one account, ready for the solver.
    struct Problem {
        let origin: Int64
        /// Grid position (steps after `origin`), local day, reach and quantised value of each candidate.
        let position: [Int]
        let day: [Int]
        let reach: [Double]
        let value: [Int64]
        let dayCap: [Int]
        let tracksDays: Bool
        let gap: Int
        /// Each post's window in grid positions.
        let lo: [Int]
        let hi: [Int]

        init?(account: Account, model: ReachModel, windows: [Window], fixed: [Double]) {
            guard let first = windows.map(\.lo).min(), let last = windows.map(\.hi).max() else { return nil }
            let step = PlanningGrid.step
            origin = first
            let count = Int((last - first) / step) + 1
            var grid = PlanningGrid(origin: first, count: count + (ReachModel.terms - 1) * 3)
            let reachOnGrid = model.reach(on: &grid, count: count)
            let offsets = grid.offsets(for: account.timeZone)

            // Grid positions inside at least one window.
            var cover = [Int](repeating: 0, count: count + 1)
            for window in windows {
                cover[Int((window.lo - first) / step)] += 1
                cover[Int((window.hi - first) / step) + 1] -= 1
            }
            // Two statuses closer than this conflict; with min_gap 0 they must still not share an instant.
            let gapSeconds = max(account.minGap, 1)
            let fixedSorted = fixed.sorted()
            var position: [Int] = [], rawDay: [Int] = [], reach: [Double] = []
            var inside = 0
            var conflict = 0  // first fixed status later than (t − gap)
            for index in 0..<count {
                inside += cover[index]
                guard inside > 0 else { continue }
                let seconds = grid.seconds(index)
                let wall = seconds + Int64(offsets[index])
                let minute = PlanningGrid.minuteOfDay(wall: wall)
                if account.quiet.contains(where: { $0.contains(minuteOfDay: minute) }) { continue }
                let time = Double(seconds)
                while conflict < fixedSorted.count && fixedSorted[conflict] <= time - gapSeconds { conflict += 1 }
                if conflict < fixedSorted.count && fixedSorted[conflict] < time + gapSeconds { continue }
                position.append(index)
                rawDay.append(PlanningGrid.localDay(wall: wall))
                reach.append(reachOnGrid[index])
            }
            guard !position.isEmpty else { return nil }

            // Local days, numbered from the first candidate's. A zone that falls back across midnight would make
            // the wall-clock day go backwards for an hour; that hour counts with the later day, so days stay runs.
            let firstDay = rawDay[0]
            var day = [Int](repeating: 0, count: rawDay.count)
            var latest = 0
            for index in rawDay.indices {
                latest = max(latest, rawDay[index] - firstDay)
                day[index] = latest
            }
            tracksDays = account.maxPerDay > 0
            var dayCap = [Int](repeating: account.maxPerDay, count: latest + 1)
            if tracksDays {
                for seconds in fixed {
                    let offset = account.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))
                    let fixedDay = PlanningGrid.localDay(wall: Int64(seconds.rounded(.down)) + Int64(offset)) - firstDay
                    if dayCap.indices.contains(fixedDay) { dayCap[fixedDay] = max(0, dayCap[fixedDay] - 1) }
                }
            }

            // Reach as integers: exact sums and exact ties. The scale keeps every total below 2^60 even with the
            // solver's per-post bonus when some posts have no room.
            let posts = windows.count
            let square = Double(posts + 1) * Double(posts + 1)
            let scale = min(pow(2, 40), (pow(2, 60) / square).rounded(.down))
            let top = reach.max() ?? 0
            value = reach.map { top > 0 ? Int64(($0 / top * scale).rounded()) : 0 }

            self.position = position
            self.day = day
            self.reach = reach
            self.dayCap = dayCap
            gap = max(1, Int((gapSeconds / Double(step)).rounded(.up)))
            lo = windows.map { Int(($0.lo - first) / step) }
            hi = windows.map { Int(($0.hi - first) / step) }
        }

        func seconds(ofCandidate candidate: Int) -> Int64 {
            origin + Int64(position[candidate]) * PlanningGrid.step
        }

        /// The solver for the posts in `order`.
        func solver(order: [Int]) -> PlacementSolver {
            PlacementSolver(
                grid: position, day: day, value: value, dayCap: dayCap, tracksDays: tracksDays, gap: gap,
                lo: order.map { lo[$0] }, hi: order.map { hi[$0] }
            )
        }

        /// The chosen candidate of every post (in the windows' order), nil where there is no room.
        ///
        /// Agreeable windows: ``PlacementSolver``, exact. Otherwise ``ChainPlacementSolver`` on the minimum chains,
        /// exact while `candidates × chain states` stays within `chainBudget` (and its decisions, with the day
        /// counts it adds lazily, within four times that many bytes). Beyond, the two smallest chains are merged
        /// (in ``guidedOrder()``) until the states fit — exact over plans that keep each merged chain's order — down
        /// to a single order, solved in the guided, start and end orders; a plan from merged chains is then improved
        /// by ``PlacementLocalSearch`` and re-solved in the order it ends up in.
        func solve(chainBudget: Int = Self.chainBudget) -> [Int?] {
            let byStart = lo.indices.sorted { (lo[$0], hi[$0], $0) < (lo[$1], hi[$1], $1) }
            let agreeable = zip(byStart, byStart.dropFirst()).allSatisfy { hi[$0] <= hi[$1] }
            if agreeable { return unpermute(solver(order: byStart).solve(), order: byStart) }

            // The chain programme's states before day counts (which are added lazily, on few days).
            func fits(_ chains: [[Int]]) -> Bool {
                var states = position.count
                for chain in chains {
                    let (product, overflow) = states.multipliedReportingOverflow(by: chain.count + 1)
                    if overflow || product > chainBudget { return false }
                    states = product
                }
                return true
            }
            var chains = ChainPlacementSolver.chains(lo: lo, hi: hi)
            var exact = true
            let identity = Array(lo.indices)
            let guided = guidedOrder()
            var rank = [Int](repeating: 0, count: lo.count)
            for (position, post) in guided.enumerated() { rank[post] = position }
            var chained: PlacementSolver.Solution?
            while chains.count > 1 {
                if fits(chains), let solved = ChainPlacementSolver(base: solver(order: identity), chains: chains)
                    .solve(limit: 4 * chainBudget) {
                    chained = solved
                    break
                }
                // Too many states: merge the two smallest chains, in the guided order, and try again.
                exact = false
                chains.sort { ($0.count, $0.first ?? 0) < ($1.count, $1.first ?? 0) }
                let merged = (chains[0] + chains[1]).sorted { rank[$0] < rank[$1] }
                chains = [merged] + chains.dropFirst(2)
            }
            if exact, let chained { return chained.candidate }
            var best: (order: [Int], solution: PlacementSolver.Solution)
            if let chained {
                best = (identity, chained)
            } else {
                best = (guided, solver(order: guided).solve())
                let byEnd = lo.indices.sorted { (hi[$0], lo[$0], $0) < (hi[$1], lo[$1], $1) }
                for order in [byStart, byEnd] {
                    let solution = solver(order: order).solve()
                    if Self.isBetter(solution, than: best.solution) { best = (order, solution) }
                }
            }
            for _ in 0..<4 {
                let search = PlacementLocalSearch(solver: solver(order: best.order))
                let moved = search.improve(best.solution)
                // The order the moved plan uses: posts by instant, posts without room last.
                let positions = moved.candidate
                let induced = positions.indices.sorted {
                    (positions[$0] ?? Int.max, $0) < (positions[$1] ?? Int.max, $1)
                }.map { best.order[$0] }
                let resolved = solver(order: induced).solve()
                let candidate = Self.isBetter(resolved, than: moved)
                    ? (order: induced, solution: resolved)
                    : (order: best.order, solution: moved)
                guard Self.isBetter(candidate.solution, than: best.solution) else { break }
                best = candidate
            }
            return unpermute(best.solution, order: best.order)
        }

        /// An order for posts whose windows are tangled: solve with every window widened to their union (equal
        /// windows, so exact and cheap), give those instants to posts earliest deadline first, and order posts by
        /// the instant they got (posts left over last, by start). It follows where the reach is, which start or
        /// end order alone does not when short windows sit inside long ones.
        func guidedOrder() -> [Int] {
            let posts = lo.count
            guard let first = lo.min(), let last = hi.max() else { return [] }
            let relaxed = PlacementSolver(
                grid: position, day: day, value: value, dayCap: dayCap, tracksDays: tracksDays, gap: gap,
                lo: Array(repeating: first, count: posts), hi: Array(repeating: last, count: posts)
            ).solve()
            var assigned = [Bool](repeating: false, count: posts)
            var order: [Int] = []
            for candidate in relaxed.candidate.compactMap({ $0 }).sorted() {
                let at = position[candidate]
                let open = (0..<posts).filter { !assigned[$0] && lo[$0] <= at && at <= hi[$0] }
                guard let post = open.min(by: { (hi[$0], lo[$0], $0) < (hi[$1], lo[$1], $1) }) else { continue }
                assigned[post] = true
                order.append(post)
            }
            let rest = (0..<posts).filter { !assigned[$0] }.sorted { (lo[$0], hi[$0], $0) < (lo[$1], hi[$1], $1) }
            return order + rest
        }

        private func unpermute(_ solution: PlacementSolver.Solution, order: [Int]) -> [Int?] {
            var result = [Int?](repeating: nil, count: lo.count)
            for (rank, post) in order.enumerated() { result[post] = solution.candidate[rank] }
            return result
        }

        /// States (candidates × chain states) up to which tangled windows are solved exactly by
        /// ``ChainPlacementSolver``: some 50 ms of a release build at most.
        static let chainBudget = 4_000_000

        /// More posts placed, or as many with more reach.
        static func isBetter(_ a: PlacementSolver.Solution, than b: PlacementSolver.Solution) -> Bool {
            a.placed != b.placed ? a.placed > b.placed : a.total > b.total
        }
    }
}
