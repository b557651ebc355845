/// ``PlacementSolver``'s programme for windows that are not agreeable: exact again, at a cost that grows with how
/// tangled the windows are.
///
/// The posts are split into the fewest *chains*, sets of mutually agreeable windows (a greedy patience sort finds
/// the minimum: the longest run of windows each strictly inside the previous). Within a chain some optimal plan
/// still gives instants in chain order, so the state counts the posts left in each chain, `(r₁, …, r_c)`, instead
/// of one `r`, and "take a" means "take a for the next post of chain i", for any chain whose next window holds `a`.
/// Everything else — day counts, the gap, integer values, earliest-first reading, the drop fallback — is as in
/// ``PlacementSolver``. A chain of posts sharing the default window plus a few posts with tighter windows gives
/// two chains: states grow from n+1 to (n₁+1)(n₂+1).
///
/// Time O(K · Π(nᵢ+1) · (J+1) · c), usually O(K · Π(nᵢ+1) · c) with caps added lazily; memory one decision byte
/// per state. ``AccountPlanner`` gives it a byte budget and falls back to coarser chains beyond it.
struct ChainPlacementSolver {
    let base: PlacementSolver
    /// Post indices (into `base.lo`/`base.hi`) of each chain, in chain order.
    let chains: [[Int]]

    private static let infeasible = Int64.min / 2
    private static let skipDecision: UInt8 = 0
    private static let dropFlag: UInt8 = 0x80

    /// The minimum chains of agreeable windows (posts by start, then end; each joins the chain whose last end is the
    /// latest one not after its own).
    static func chains(lo: [Int], hi: [Int]) -> [[Int]] {
        let order = lo.indices.sorted { (lo[$0], hi[$0], $0) < (lo[$1], hi[$1], $1) }
        var chains: [[Int]] = []
        for post in order {
            var best: Int?
            for (index, chain) in chains.enumerated() {
                guard let last = chain.last, hi[last] <= hi[post] else { continue }
                if best.map({ hi[chains[$0].last ?? post] < hi[last] }) ?? true { best = index }
            }
            if let best { chains[best].append(post) } else { chains.append([post]) }
        }
        return chains
    }

    /// States per candidate and day count: Π(nᵢ+1).
    var stateCount: Int { chains.reduce(1) { $0 * ($1.count + 1) } }

    /// The best plan (candidate per post of `base`, in `base`'s post order), or nil when the decisions would need
    /// more than `limit` bytes. Day caps are enforced lazily, as in ``PlacementSolver/solve()``.
    func solve(limit: Int) -> PlacementSolver.Solution? {
        var tracked = [Bool](repeating: false, count: base.dayCap.count)
        while true {
            guard let solution = solve(tracked: tracked, limit: limit) else { return nil }
            guard base.tracksDays else { return solution }
            var perDay = [Int](repeating: 0, count: base.dayCap.count)
            for case let a? in solution.candidate { perDay[base.day[a]] += 1 }
            let overfilled = perDay.indices.filter { perDay[$0] > base.dayCap[$0] && !tracked[$0] }
            if overfilled.isEmpty { return solution }
            for index in overfilled { tracked[index] = true }
        }
    }

    private func solve(tracked: [Bool], limit: Int) -> PlacementSolver.Solution? {
        switch run(dropping: false, tracked: tracked, limit: limit) {
        case .solved(let solution): solution
        case .tooLarge: nil
        case .infeasible:
            switch run(dropping: true, tracked: tracked, limit: limit) {
            case .solved(let solution): solution
            case .tooLarge: nil
            case .infeasible:
                PlacementSolver.Solution(candidate: Array(repeating: nil, count: base.lo.count), placed: 0, total: 0)
            }
        }
    }

    private enum Outcome {
        case solved(PlacementSolver.Solution)
        case infeasible
        case tooLarge
    }

    private func run(dropping: Bool, tracked: [Bool], limit: Int) -> Outcome {
        let count = base.grid.count
        let posts = base.lo.count
        let chainCount = chains.count
        guard count > 0, posts > 0 else { return .infeasible }
        let span = base.tracksDays ? min(base.dayCap.max() ?? 0, posts) + 1 : 1
        let states = stateCount
        var strides = [Int](repeating: 1, count: chainCount)
        for index in 1..<max(1, chainCount) { strides[index] = strides[index - 1] * (chains[index - 1].count + 1) }
        // remaining[s * c + i]: posts of chain i still to place in state s.
        var remaining = [Int](repeating: 0, count: states * chainCount)
        for state in 0..<states {
            for chain in 0..<chainCount {
                remaining[state * chainCount + chain] = state / strides[chain] % (chains[chain].count + 1)
            }
        }
        let nextIndex = base.nextCandidates()
        let full = states - 1  // every chain has all its posts left
        let bonus: Int64 = dropping ? (base.value.max() ?? 0) &* Int64(posts + 1) &+ 1 : 0

        // Day counts only on tracked days; decisions of candidate a start at decisionBase[a].
        let counted = (0..<count).map { base.tracksDays && tracked[base.day[$0]] }
        var decisionBase = [Int](repeating: 0, count: count + 1)
        for a in 0..<count {
            let (next, overflow) = decisionBase[a].addingReportingOverflow(states * (counted[a] ? span : 1))
            guard !overflow, next <= limit else { return .tooLarge }
            decisionBase[a + 1] = next
        }
        let width = states * span
        let ringRows = base.gap + 1
        var ring = [Int64](repeating: Self.infeasible, count: (ringRows + 1) * width)
        var decisions = [UInt8](repeating: Self.skipDecision, count: decisionBase[count])
        let endRow = ringRows * width
        for state in 0..<states where state == 0 || dropping {
            for j in 0..<span { ring[endRow + state * span + j] = 0 }
        }
        // Which chain posts' windows hold each candidate, per chain and posts-left count.
        var fits = [Bool](repeating: false, count: chains.reduce(0) { $0 + $1.count + 1 })
        var fitsOffset = [Int](repeating: 0, count: chainCount)
        for chain in 1..<max(1, chainCount) { fitsOffset[chain] = fitsOffset[chain - 1] + chains[chain - 1].count + 1 }

        for a in stride(from: count - 1, through: 0, by: -1) {
            let position = base.grid[a]
            for (chain, members) in chains.enumerated() {
                for left in 0...members.count {
                    let post = left == 0 ? -1 : members[members.count - left]
                    fits[fitsOffset[chain] + left] = post >= 0 && base.lo[post] <= position && position <= base.hi[post]
                }
            }
            let row = (a % ringRows) * width
            let after = a + 1, jump = nextIndex[a]
            let afterRow = after == count ? endRow : (after % ringRows) * width
            let jumpRow = jump == count ? endRow : (jump % ringRows) * width
            let counting = counted[a]
            let kept = counting ? span : 1
            let afterSameDay = counting && after < count && base.day[after] == base.day[a]
            let jumpSameDay = counting && jump < count && base.day[jump] == base.day[a]
            let dayCap = base.dayCap.isEmpty ? 1 : base.dayCap[base.day[a]]
            let cap = counting ? min(dayCap, span - 1) : base.tracksDays ? min(1, dayCap) : 1
            let gain = base.value[a] &+ bonus
            let decided = decisionBase[a]
            for state in 0..<states {
                let out = row + state * span
                let from = afterRow + state * span
                let decision = decided + state * kept
                for j in 0..<kept { ring[out + j] = ring[from + (afterSameDay ? j : 0)] }
                for chain in 0..<chainCount {
                    let left = remaining[state * chainCount + chain]
                    guard left > 0, fits[fitsOffset[chain] + left] else { continue }
                    let source = jumpRow + (state - strides[chain]) * span
                    for j in 0..<cap {
                        let candidate = gain &+ ring[source + (jumpSameDay ? j + 1 : 0)]
                        if candidate > ring[out + j]
                            || (candidate == ring[out + j] && decisions[decision + j] == Self.skipDecision) {
                            ring[out + j] = candidate
                            decisions[decision + j] = UInt8(chain + 1)
                        }
                    }
                }
                if dropping {
                    for chain in 0..<chainCount where remaining[state * chainCount + chain] > 0 {
                        let source = row + (state - strides[chain]) * span
                        for j in 0..<kept where ring[source + j] > ring[out + j] {
                            ring[out + j] = ring[source + j]
                            decisions[decision + j] = Self.dropFlag | UInt8(chain)
                        }
                    }
                }
            }
        }
        guard ring[(0 % ringRows) * width + full * span] >= 0 else { return .infeasible }

        // Read forwards from (0, all posts left, 0).
        var candidate = [Int?](repeating: nil, count: posts)
        var a = 0, state = full, j = 0
        var placed = 0
        var total: Int64 = 0
        while a < count && state > 0 {
            let decision = decisions[decisionBase[a] + state * (counted[a] ? span : 1) + j]
            if decision & Self.dropFlag != 0 {
                state -= strides[Int(decision & ~Self.dropFlag)]
            } else if decision != Self.skipDecision {
                let chain = Int(decision) - 1
                let members = chains[chain]
                let post = members[members.count - remaining[state * chainCount + chain]]
                candidate[post] = a
                placed += 1
                total += base.value[a]
                state -= strides[chain]
                let jump = nextIndex[a]
                j = counted[a] && jump < count && base.day[jump] == base.day[a] ? j + 1 : 0
                a = jump
            } else {
                j = counted[a] && a + 1 < count && base.day[a + 1] == base.day[a] ? j : 0
                a += 1
            }
        }
        return .solved(PlacementSolver.Solution(candidate: candidate, placed: placed, total: total))
    }
}
