/// Improves a plan for windows that are not agreeable, where ``PlacementSolver``'s fixed order may cost reach.
///
/// With one window strictly inside another, the order in which posts take their instants is itself a choice, and
/// the programme's order can force, say, a week-long post before a one-day post when the week's best moment comes
/// after that day. Moving one post at a time fixes exactly that: each post in turn is lifted out and put back at
/// the best instant its window allows given all the others (gap, day caps), if that is strictly better. Two posts
/// move together when one post blocks another's better instant (too close to it, or filling its day) and can move
/// elsewhere in its own window: for a post without room whenever that places it, for a placed post when the two
/// moves gain. The caller then re-runs the programme in the order this plan produced, which can only improve it
/// again, and repeats while either step gains.
///
/// One pass costs O(n · (W + gap)) for n posts and windows of at most W candidates for single moves, O(W · (n + W))
/// for each post without room, and O(n · 16 · 4 · (n + W)) for the paired moves.
struct PlacementLocalSearch {
    let solver: PlacementSolver
    /// Candidate index range `[first, last]` of each post's window (empty when first > last).
    private let windowRange: [(first: Int, last: Int)]

    init(solver: PlacementSolver) {
        self.solver = solver
        windowRange = zip(solver.lo, solver.hi).map { low, high in
            (Self.lowerBound(solver.grid, low), Self.lowerBound(solver.grid, high + 1) - 1)
        }
    }

    /// `solution` after moves until none gains (at most `passes` rounds).
    func improve(_ solution: PlacementSolver.Solution, passes: Int = 8) -> PlacementSolver.Solution {
        let grid = solver.grid
        var chosen = solution.candidate
        // blockers[a]: chosen candidates closer than `gap` to candidate a (a itself included).
        var blockers = [Int](repeating: 0, count: grid.count)
        var perDay = [Int](repeating: 0, count: (solver.day.last ?? 0) + 1)
        func mark(_ a: Int, _ delta: Int) {
            perDay[solver.day[a]] += delta
            var b = a
            while b >= 0 && grid[a] - grid[b] < solver.gap { blockers[b] += delta; b -= 1 }
            b = a + 1
            while b < grid.count && grid[b] - grid[a] < solver.gap { blockers[b] += delta; b += 1 }
        }
        for case let a? in chosen { mark(a, 1) }
        func fits(_ a: Int) -> Bool {
            blockers[a] == 0 && (!solver.tracksDays || perDay[solver.day[a]] < solver.dayCap[solver.day[a]])
        }
        for _ in 0..<passes {
            var moved = false
            for post in chosen.indices {
                let current = chosen[post]
                if let current { mark(current, -1) }
                var best = current
                var bestValue = current.map { solver.value[$0] } ?? -1
                let range = windowRange[post]
                if range.first <= range.last {
                    for a in range.first...range.last where fits(a) {
                        let value = solver.value[a]
                        if value > bestValue || (value == bestValue && best.map { a < $0 } ?? true) {
                            best = a
                            bestValue = value
                        }
                    }
                }
                if let best { mark(best, 1) }
                if best != current {
                    // Only strict gains (or a first placement) count as progress, so the loop always ends.
                    if let current { moved = moved || bestValue > solver.value[current] } else { moved = true }
                    chosen[post] = best
                }
            }
            // A post without room: free an instant in its window by moving one post elsewhere in its own window —
            // the post too close to the instant, or, when the instant's day is full, one of that day's posts.
            for post in chosen.indices where chosen[post] == nil {
                let range = windowRange[post]
                guard range.first <= range.last else { continue }
                let byValue = (range.first...range.last).sorted { (-solver.value[$0], $0) < (-solver.value[$1], $1) }
                search: for a in byValue where blockers[a] <= 1 {
                    let near = chosen.indices.filter {
                        chosen[$0].map { abs(grid[$0] - grid[a]) < solver.gap } ?? false
                    }
                    let dayFull = solver.tracksDays && perDay[solver.day[a]] >= solver.dayCap[solver.day[a]]
                    let movable: [Int]
                    if let blocker = near.first {
                        movable = [blocker]
                    } else if dayFull {
                        movable = chosen.indices.filter { chosen[$0].map { solver.day[$0] == solver.day[a] } ?? false }
                    } else {
                        movable = []  // free already: the single moves above place it next pass
                    }
                    for other in movable {
                        guard let from = chosen[other] else { continue }
                        mark(from, -1)
                        guard fits(a) else {
                            mark(from, 1)
                            continue
                        }
                        mark(a, 1)
                        let otherRange = windowRange[other]
                        let spot = otherRange.first > otherRange.last ? nil : (otherRange.first...otherRange.last)
                            .filter { fits($0) }.max { (solver.value[$0], -$0) < (solver.value[$1], -$1) }
                        if let spot {
                            mark(spot, 1)
                            chosen[other] = spot
                            chosen[post] = a
                            moved = true
                            break search
                        }
                        mark(a, -1)
                        mark(from, 1)
                    }
                }
            }
            // A better instant taken by one other post (too close, or filling the day): move that post to its own
            // best free instant, if the two moves together gain. The best few instants per post are tried.
            for post in chosen.indices {
                guard let current = chosen[post] else { continue }
                let range = windowRange[post]
                guard range.first <= range.last else { continue }
                let better = (range.first...range.last).filter { solver.value[$0] > solver.value[current] }
                    .sorted { (-solver.value[$0], $0) < (-solver.value[$1], $1) }.prefix(16)
                mark(current, -1)
                var done = false
                for a in better where blockers[a] <= 1 {
                    let near = chosen.indices.filter {
                        $0 != post && (chosen[$0].map { abs(grid[$0] - grid[a]) < solver.gap } ?? false)
                    }
                    let dayFull = solver.tracksDays && perDay[solver.day[a]] >= solver.dayCap[solver.day[a]]
                    let movable = near.isEmpty && dayFull
                        ? Array(chosen.indices.filter {
                            $0 != post && (chosen[$0].map { solver.day[$0] == solver.day[a] } ?? false)
                        }.prefix(4))
                        : near
                    for other in movable {
                        guard let from = chosen[other] else { continue }
                        mark(from, -1)
                        if fits(a) {
                            mark(a, 1)
                            let otherRange = windowRange[other]
                            let spot = otherRange.first > otherRange.last ? nil : (otherRange.first...otherRange.last)
                                .filter { fits($0) }.max { (solver.value[$0], -$0) < (solver.value[$1], -$1) }
                            if let spot, solver.value[a] - solver.value[current] + solver.value[spot]
                                - solver.value[from] > 0 {
                                mark(spot, 1)
                                chosen[other] = spot
                                chosen[post] = a
                                moved = true
                                done = true
                                break
                            }
                            mark(a, -1)
                        }
                        mark(from, 1)
                    }
                    if done { break }
                }
                if !done { mark(current, 1) }
            }
            if !moved { break }
        }
        let placed = chosen.compactMap { $0 }
        return PlacementSolver.Solution(
            candidate: chosen, placed: placed.count, total: placed.reduce(0) { $0 + solver.value[$1] }
        )
    }

    /// The first index whose value is ≥ `value`.
    private static func lowerBound(_ values: [Int], _ value: Int) -> Int {
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
