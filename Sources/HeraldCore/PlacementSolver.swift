/// The exact dynamic programme behind ``Planner``, for one account: place posts, in a given order, on candidate
/// instants so that the total (quantised) reach is largest, with the earliest instants among equal totals.
///
/// **Input.** Candidates `0 ..< K`, ascending 5-minute grid positions `grid[a]` (already free of quiet hours and of
/// instants too close to fixed statuses), each with a value `value[a] ≥ 0` and a local day `day[a]` (non-decreasing).
/// Posts `0 ..< n` in the order the plan must keep — the first chosen instant goes to post 0, the next to post 1 —
/// each with a window `[lo, hi]` of grid positions. Rules: two chosen candidates at least `gap` grid steps apart;
/// at most `dayCap[d]` chosen in local day `d` (when `tracksDays`).
///
/// **Why an order.** When windows are *agreeable* — sorting them by start also sorts them by end, which covers equal
/// windows, windows that share a start or an end, and sliding windows of one length — some optimal plan gives its
/// instants to the posts in that sorted order (two crossing assignments can be uncrossed without leaving either
/// window). Fixing the order therefore loses nothing, and the state of a post no longer needs to say *which* posts
/// are placed, only *how many*: the programme is exact. Other window sets go to ``ChainPlacementSolver``, which
/// counts posts per agreeable chain, or beyond its budget to this programme in a few orders plus
/// ``PlacementLocalSearch`` (see ``AccountPlanner``).
///
/// **Programme.** `V(a, r, j)` is the best total from candidates `a…` with `r` posts (the last `r` in order) still to
/// place and `j` already placed in `day[a]` before `a`:
///
///     V(a, r, j) = max( V(a+1, r, j′),                                   skip a
///                       value[a] + V(next(a), r−1, j″) )                 take a for post n−r, if it fits there
///                                                                        and j < dayCap[day[a]]
///
/// where `next(a)` is the first candidate at least `gap` steps later, and `j′`, `j″` carry `j` (plus one after a
/// take) when the next candidate is on the same local day and restart at 0 on a new day. `V(K, 0, ·) = 0` and every
/// other end state is infeasible. The table is filled from the last candidate back; the plan is then read forwards
/// taking a candidate whenever taking it is optimal, which yields the lexicographically earliest optimal plan.
///
/// **Cost.** States are pruned to a band of `r` per candidate: posts whose windows have not begun cannot be placed
/// yet, posts whose windows have ended must be, and day caps and the gap bound how many fit before and after.
/// Time O(K · B · (J+1)) for K candidates, band width B ≤ n+1 and J = min(max_per_day, n) (J = 0 without a cap),
/// and usually O(K · B) because caps are enforced lazily (see ``solve()``);
/// memory O(gap · n · (J+1)) values (a ring of the rows `next` can reach, since next(a) ≤ a + gap) plus one
/// decision bit per state. Values are integers (reach scaled so the best candidate is 2^40 or less), so sums are
/// exact, ties are real ties, and the earliest-instant rule is applied exactly.
///
/// **No room.** When not every post can be placed, ``solve()`` falls back to a variant with a third choice, *drop
/// post n−r*, and a bonus per placed post larger than any total reach: the most posts are placed, then the most
/// reach. Dropping is preferred last, so among equal plans the dropped posts are as late in the order as possible.
struct PlacementSolver {
    var grid: [Int]
    var day: [Int]
    var value: [Int64]
    var dayCap: [Int]
    var tracksDays: Bool
    var gap: Int
    var lo: [Int]
    var hi: [Int]

    /// The candidate chosen for each post (in the given order), or nil for a post that could not be placed.
    struct Solution: Equatable {
        var candidate: [Int?]
        var placed: Int
        var total: Int64
    }

    private static let infeasible = Int64.min / 2

    /// The best plan: every post placed when that is possible, otherwise as many as possible.
    ///
    /// Day caps are added lazily: the first run counts posts per day on no day (only full days are closed), and
    /// each further run counts them on the days the previous plan overfilled. A plan that keeps every cap while
    /// only some are enforced is optimal for all of them (it solves a relaxation and is feasible), and it is also
    /// the earliest optimal one, since the relaxation's optimal plans include all of the real problem's. Caps
    /// rarely bind at a sensible `max_per_day`, so most accounts need one run at 1/(J+1) of the states.
    func solve() -> Solution {
        let shared = Shared(solver: self)
        guard tracksDays else { return solve(tracked: [], shared: shared) }
        var tracked = [Bool](repeating: false, count: dayCap.count)
        while true {
            let solution = solve(tracked: tracked, shared: shared)
            var perDay = [Int](repeating: 0, count: dayCap.count)
            for case let a? in solution.candidate { perDay[day[a]] += 1 }
            let overfilled = perDay.indices.filter { perDay[$0] > dayCap[$0] && !tracked[$0] }
            if overfilled.isEmpty { return solution }
            for index in overfilled { tracked[index] = true }
        }
    }

    private func solve(tracked: [Bool], shared: Shared) -> Solution {
        if let full = run(dropping: false, tracked: tracked, shared: shared) { return full }
        return run(dropping: true, tracked: tracked, shared: shared)
            ?? Solution(candidate: Array(repeating: nil, count: lo.count), placed: 0, total: 0)
    }

    /// What every run of one solve needs: `next`, the bands, and for each candidate the range of `r` whose post's
    /// window holds it (when windows are in start-and-end order, else nil and checked per post).
    private struct Shared {
        let next: [Int]
        let bandLow: [Int]
        let bandHigh: [Int]
        let fitLow: [Int]?
        let fitHigh: [Int]?

        init(solver: PlacementSolver) {
            next = solver.nextCandidates()
            (bandLow, bandHigh) = solver.bands()
            let posts = solver.lo.count
            let ordered = zip(solver.lo, solver.lo.dropFirst()).allSatisfy { $0 <= $1 }
                && zip(solver.hi, solver.hi.dropFirst()).allSatisfy { $0 <= $1 }
            guard ordered else {
                fitLow = nil
                fitHigh = nil
                return
            }
            // Post n−r holds position p ⇔ lo[n−r] ≤ p (posts 0..<started) and hi[n−r] ≥ p (posts ended...<n).
            var low = [Int](repeating: 1, count: solver.grid.count)
            var high = [Int](repeating: 0, count: solver.grid.count)
            var started = 0, ended = 0
            for a in solver.grid.indices {
                let position = solver.grid[a]
                while started < posts && solver.lo[started] <= position { started += 1 }
                while ended < posts && solver.hi[ended] < position { ended += 1 }
                // post ∈ [ended, started) ⇔ r ∈ (n − started, n − ended]
                low[a] = posts - started + 1
                high[a] = posts - ended
            }
            fitLow = low
            fitHigh = high
        }
    }

    // MARK: - The programme

    /// One run, counting posts per day on the `tracked` days only (all days open when caps are off).
    private func run(dropping: Bool, tracked: [Bool], shared: Shared) -> Solution? {
        let count = grid.count
        let posts = lo.count
        guard posts > 0 else { return Solution(candidate: [], placed: 0, total: 0) }
        guard count > 0 else {
            return dropping ? Solution(candidate: Array(repeating: nil, count: posts), placed: 0, total: 0) : nil
        }
        let span = tracksDays ? min(dayCap.max() ?? 0, posts) + 1 : 1
        let nextIndex = shared.next
        let bandLow = dropping ? Array(repeating: 0, count: count + 1) : shared.bandLow
        let bandHigh = dropping ? Array(repeating: posts, count: count + 1) : shared.bandHigh
        // Drop mode: every placed post earns `bonus`, more than any total reach could add up to.
        let bonus: Int64 = dropping ? (value.max() ?? 0) &* Int64(posts + 1) &+ 1 : 0

        let width = (posts + 1) * span
        let ringRows = gap + 1
        var ring = [Int64](repeating: Self.infeasible, count: (ringRows + 1) * width)
        // Day counts are kept (span > 1 states per r) only on tracked days.
        let counted = (0..<count).map { tracksDays && tracked[day[$0]] }
        var bitBase = [Int](repeating: 0, count: count + 1)
        var totalBits = 0
        for a in 0..<count {
            bitBase[a] = totalBits
            if bandLow[a] <= bandHigh[a] { totalBits += (bandHigh[a] - bandLow[a] + 1) * (counted[a] ? span : 1) }
        }
        var takeBits = [UInt64](repeating: 0, count: totalBits / 64 + 2)
        var dropBits = [UInt64](repeating: 0, count: dropping ? totalBits / 64 + 2 : 0)

        let endRow = ringRows * width  // the row of a = count, outside the ring
        var fits = [Bool](repeating: false, count: posts + 1)  // windows out of order: which r fit, per candidate
        for r in 0...posts where r == 0 || dropping {
            for j in 0..<span { ring[endRow + r * span + j] = 0 }
        }
        ring.withUnsafeMutableBufferPointer { ringBuffer in
            takeBits.withUnsafeMutableBufferPointer { takeBits in
                dropBits.withUnsafeMutableBufferPointer { dropBits in
                    guard let ring = ringBuffer.baseAddress, let takeWords = takeBits.baseAddress else { return }
                    for a in stride(from: count - 1, through: 0, by: -1) {
                        let low = bandLow[a], high = bandHigh[a]
                        guard low <= high else { continue }
                        let after = a + 1, jump = nextIndex[a]
                        let out = ring + (a % ringRows) * width
                        let afterRow = ring + (after == count ? endRow : (after % ringRows) * width)
                        let jumpRow = ring + (jump == count ? endRow : (jump % ringRows) * width)
                        let counting = counted[a]
                        let states = counting ? span : 1
                        // A day that is not counted is open, unless fixed statuses already fill it.
                        let cap = counting ? min(dayCap[day[a]], span - 1) : tracksDays ? min(1, dayCap[day[a]]) : 1
                        let row = Row(
                            out: out, after: afterRow, jump: jumpRow, span: span, states: states,
                            low: low, high: high, afterLow: bandLow[after], afterHigh: bandHigh[after],
                            jumpLow: bandLow[jump], jumpHigh: bandHigh[jump],
                            afterSameDay: counting && after < count && day[after] == day[a],
                            jumpSameDay: counting && jump < count && day[jump] == day[a],
                            cap: cap, gain: value[a] &+ bonus, bits: takeWords, bitBase: bitBase[a]
                        )
                        row.skip()
                        if cap > 0 {
                            if let fitLow = shared.fitLow, let fitHigh = shared.fitHigh {
                                row.take(from: fitLow[a], through: fitHigh[a], fits: nil)
                            } else {
                                let position = grid[a]
                                for r in 1...posts {
                                    fits[r] = lo[posts - r] <= position && position <= hi[posts - r]
                                }
                                fits.withUnsafeBufferPointer { row.take(from: 1, through: posts, fits: $0.baseAddress) }
                            }
                        }
                        if dropping {
                            var bit = bitBase[a] + states
                            if low + 1 <= high {
                                for r in (low + 1)...high {
                                    let here = out + r &* span, below = out + (r &- 1) &* span
                                    for j in 0..<states where below[j] > here[j] {
                                        here[j] = below[j]
                                        Self.set(dropBits, bit &+ j)
                                    }
                                    bit &+= states
                                }
                            }
                        }
                    }
                }
            }
        }
        let start = bandLow[0] <= posts && posts <= bandHigh[0] ? ring[(0 % ringRows) * width + posts * span] : -1
        guard start >= 0 else { return nil }
        return readPlan(nextIndex: nextIndex, bandLow: bandLow, bitBase: bitBase, span: span, counted: counted,
                        takeBits: takeBits, dropBits: dropping ? dropBits : nil)
    }

    /// The work of one candidate's row, written as straight loops over pointers: this is the planner's hot path.
    private struct Row {
        let out: UnsafeMutablePointer<Int64>
        let after: UnsafeMutablePointer<Int64>
        let jump: UnsafeMutablePointer<Int64>
        let span: Int
        let states: Int
        let low: Int, high: Int
        let afterLow: Int, afterHigh: Int
        let jumpLow: Int, jumpHigh: Int
        let afterSameDay: Bool
        let jumpSameDay: Bool
        let cap: Int
        let gain: Int64
        let bits: UnsafeMutablePointer<UInt64>
        let bitBase: Int

        /// Skipping the candidate: the next candidate's value, with the day count carried on the same day and
        /// restarted on a new one.
        func skip() {
            let copyLow = max(low, afterLow), copyHigh = min(high, afterHigh)
            for r in low...high {
                let target = out + r &* span
                guard r >= copyLow && r <= copyHigh else {
                    for j in 0..<states { target[j] = PlacementSolver.infeasible }
                    continue
                }
                let source = after + r &* span
                if afterSameDay {
                    for j in 0..<states { target[j] = source[j] }
                } else {
                    let carried = source[0]
                    for j in 0..<states { target[j] = carried }
                }
            }
        }

        /// Taking the candidate for post n−r, for r in `first...last` (and `fits[r]`, when given), where that beats
        /// skipping.
        func take(from first: Int, through last: Int, fits: UnsafePointer<Bool>?) {
            let lower = max(first, low, jumpLow &+ 1, 1), upper = min(last, high, jumpHigh &+ 1)
            guard lower <= upper else { return }
            if states == 1 {
                for r in lower...upper where fits?[r] ?? true {
                    let candidate = gain &+ jump[(r &- 1) &* span]
                    let target = out + r &* span
                    if candidate >= target[0] {
                        target[0] = candidate
                        let bit = bitBase &+ (r &- low)
                        bits[bit &>> 6] |= 1 &<< UInt64(bit & 63)
                    }
                }
                return
            }
            for r in lower...upper where fits?[r] ?? true {
                let source = jump + (r &- 1) &* span
                let target = out + r &* span
                let bit = bitBase &+ (r &- low) &* states
                for j in 0..<cap {
                    let candidate = gain &+ (jumpSameDay ? source[j &+ 1] : source[0])
                    if candidate >= target[j] {
                        target[j] = candidate
                        bits[(bit &+ j) &>> 6] |= 1 &<< UInt64((bit &+ j) & 63)
                    }
                }
            }
        }
    }

    /// Follows the decisions forwards from (0, n, 0).
    private func readPlan(
        nextIndex: [Int], bandLow: [Int], bitBase: [Int], span: Int, counted: [Bool], takeBits: [UInt64],
        dropBits: [UInt64]?
    ) -> Solution {
        let count = grid.count
        let posts = lo.count
        var candidate = [Int?](repeating: nil, count: posts)
        var a = 0, r = posts, j = 0
        var placed = 0
        var total: Int64 = 0
        while a < count && r > 0 {
            let bit = bitBase[a] + (r - bandLow[a]) * (counted[a] ? span : 1) + j
            if let dropBits, Self.get(dropBits, bit) {
                r -= 1
                continue
            }
            if Self.get(takeBits, bit) {
                candidate[posts - r] = a
                placed += 1
                total += value[a]
                r -= 1
                let jump = nextIndex[a]
                j = counted[a] && jump < count && day[jump] == day[a] ? j + 1 : 0
                a = jump
            } else {
                j = counted[a] && a + 1 < count && day[a + 1] == day[a] ? j : 0
                a += 1
            }
        }
        return Solution(candidate: candidate, placed: placed, total: total)
    }

    // MARK: - Pruning

    /// `next(a)`: the first candidate at least `gap` grid steps after candidate `a` (or `K`).
    func nextCandidates() -> [Int] {
        var result = [Int](repeating: grid.count, count: grid.count + 1)
        var b = 0
        for a in 0..<grid.count {
            while b < grid.count && grid[b] < grid[a] + gap { b += 1 }
            result[a] = b
        }
        return result
    }

    /// For each candidate (and the end, index K), the range of `r` (posts still to place) that can lead to a plan
    /// placing every post. Bounds that are merely valid, not tight: they prune, the recurrence decides.
    func bands() -> (low: [Int], high: [Int]) {
        let count = grid.count
        let posts = lo.count
        // Posts 0..<c all start before position p  ⇔  prefixMaxLow[c] < p.
        var prefixMaxLow = [Int](repeating: Int.min, count: posts + 1)
        for post in 0..<posts { prefixMaxLow[post + 1] = max(prefixMaxLow[post], lo[post]) }
        // Posts c..<n all end at or after p  ⇔  suffixMinHigh[c] >= p.
        var suffixMinHigh = [Int](repeating: Int.max, count: posts + 1)
        for post in stride(from: posts - 1, through: 0, by: -1) {
            suffixMinHigh[post] = min(suffixMinHigh[post + 1], hi[post])
        }
        // Day capacities before and after each candidate.
        var firstOfDay = [Int](repeating: 0, count: count)
        var lastOfDay = [Int](repeating: 0, count: count)
        for a in 0..<count { firstOfDay[a] = a > 0 && day[a - 1] == day[a] ? firstOfDay[a - 1] : a }
        for a in stride(from: count - 1, through: 0, by: -1) {
            lastOfDay[a] = a + 1 < count && day[a + 1] == day[a] ? lastOfDay[a + 1] : a
        }
        var capacityBefore = [Int](repeating: Int.max, count: count + 1)
        var capacityAfter = [Int](repeating: Int.max, count: count + 1)
        if tracksDays {
            var fullDays = 0
            for a in 0..<count {
                if a == firstOfDay[a], a > 0 { fullDays += dayCap[day[a - 1]] }
                capacityBefore[a] = fullDays + min(dayCap[day[a]], a - firstOfDay[a])
            }
            fullDays = 0
            for a in stride(from: count - 1, through: 0, by: -1) {
                if a == lastOfDay[a], a + 1 < count { fullDays += dayCap[day[a + 1]] }
                capacityAfter[a] = fullDays + min(dayCap[day[a]], lastOfDay[a] - a + 1)
            }
        }
        var low = [Int](repeating: 0, count: count + 1)
        var high = [Int](repeating: 0, count: count + 1)
        var started = 0  // posts 0..<started all start before grid[a]
        var ongoing = posts  // posts (n - ongoing)..<n all end at or after grid[a]
        for a in 0..<count {
            let position = grid[a]
            while started < posts && prefixMaxLow[started + 1] < position { started += 1 }
            while ongoing > 0 && suffixMinHigh[posts - ongoing] < position { ongoing -= 1 }
            let byGapBefore = a == 0 ? 0 : (grid[a - 1] - grid[0]) / gap + 1
            let byGapAfter = (grid[count - 1] - position) / gap + 1
            let placedAtMost = min(started, capacityBefore[a], byGapBefore)
            low[a] = max(0, posts - placedAtMost)
            high[a] = min(posts, ongoing, capacityAfter[a], byGapAfter)
        }
        return (low, high)
    }

    // MARK: - Decision bits

    private static func set(_ storage: UnsafeMutableBufferPointer<UInt64>, _ bit: Int) {
        storage[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    private static func get(_ storage: [UInt64], _ bit: Int) -> Bool {
        storage[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
}
