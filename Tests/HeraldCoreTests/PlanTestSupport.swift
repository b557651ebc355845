import Foundation
@testable import HeraldCore

/// Helpers shared by the planner, reach and learning tests: a seeded generator, instants, random curves, and a
/// constraint checker and brute-force optimiser written independently of the planner (Foundation's local times,
/// the reach formula itself), so the planner is checked against the rules rather than against itself.
enum PlanTestSupport {
    /// The core's SplitMix64: the same sequence on every platform, so failures replay from their seed.
    typealias Random = SplitMix64

    static func at(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { fatalError("bad test time \(text)") }
        return date
    }

    static func zone(_ identifier: String) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else { fatalError("unknown zone \(identifier)") }
        return zone
    }

    /// A curve of independent uniform values: no two quarter hours alike, so optima are unique.
    static func randomCurve(_ random: inout Random) -> ActivityCurve {
        ActivityCurve(trusted: (0..<ActivityCurve.count).map { _ in random.unit() })
    }

    /// A curve that is `value` in the listed quarter hours (`Mon,09:15` style labels) and 0 elsewhere.
    static func impulses(_ values: [String: Double]) -> ActivityCurve {
        var curve = [Double](repeating: 0, count: ActivityCurve.count)
        for (label, value) in values {
            guard let index = (0..<ActivityCurve.count).first(where: { ActivityCurve.label(ofQuarter: $0) == label })
            else { fatalError("bad quarter label \(label)") }
            curve[index] = value
        }
        return ActivityCurve(trusted: curve)
    }

    // MARK: - Independent rules

    /// The local day of an instant in a zone, through Foundation's own conversion.
    static func localDay(_ date: Date, _ zone: TimeZone) -> String {
        let local = zone.localDateTime(for: date)
        return "\(local.year)-\(local.month)-\(local.day)"
    }

    /// Every rule a plan of one account must keep, as messages (empty: all kept).
    static func violations(
        account: Account, windows: [(lo: Date, hi: Date)], placed: [Date?], fixed: [Date]
    ) -> [String] {
        var problems: [String] = []
        let gap = max(account.minGap, 1)
        var all: [Date] = fixed
        for (index, instant) in placed.enumerated() {
            guard let instant else { continue }
            all.append(instant)
            let seconds = instant.timeIntervalSince1970
            if seconds.truncatingRemainder(dividingBy: 300) != 0 { problems.append("post \(index) off the grid") }
            if instant < windows[index].lo || instant > windows[index].hi {
                problems.append("post \(index) at \(instant) outside its window")
            }
            let local = account.timeZone.localDateTime(for: instant)
            let minute = local.hour * 60 + local.minute
            if account.quiet.contains(where: { $0.contains(minuteOfDay: minute) }) {
                problems.append("post \(index) at \(local) in quiet hours")
            }
            for other in all.dropLast() where abs(other.timeIntervalSince(instant)) < gap {
                problems.append("post \(index) at \(instant) within min_gap of \(other)")
            }
        }
        if account.maxPerDay > 0 {
            var perDay: [String: Int] = [:]
            for instant in all { perDay[localDay(instant, account.timeZone), default: 0] += 1 }
            let plannedDays = Set(placed.compactMap { $0 }.map { localDay($0, account.timeZone) })
            for (day, count) in perDay where count > account.maxPerDay && plannedDays.contains(day) {
                problems.append("\(count) statuses on \(day), max_per_day \(account.maxPerDay)")
            }
        }
        return problems
    }

    /// The best plan by exhaustive search: every set of grid instants in the windows that keeps the rules and can
    /// be matched to the posts, the largest total reach (straight from the formula), the earliest on ties.
    static func bruteForce(
        account: Account, model: ReachModel, windows: [(lo: Date, hi: Date)], fixed: [Date]
    ) -> (instants: [Date], total: Double)? {
        let lo = windows.map(\.lo).min()!, hi = windows.map(\.hi).max()!
        var candidates: [Date] = []
        var instant = lo
        while instant <= hi {
            let single = violations(account: account, windows: [(lo, hi)], placed: [instant], fixed: fixed)
            if single.isEmpty && windows.contains(where: { instant >= $0.lo && instant <= $0.hi }) {
                candidates.append(instant)
            }
            instant = instant.addingTimeInterval(300)
        }
        let reach = candidates.map { model.reach(at: $0) }
        // The single-instant check above covers windows, quiet hours and fixed statuses; pairs are checked while
        // enumerating (sorted, so neighbours suffice); day caps and the matching are checked per full set.
        let candidateDay = candidates.map { localDay($0, account.timeZone) }
        var fixedPerDay: [String: Int] = [:]
        for instant in fixed { fixedPerDay[localDay(instant, account.timeZone), default: 0] += 1 }
        let n = windows.count
        var best: (instants: [Int], total: Double)?
        var chosen: [Int] = []
        func matches(_ instants: [Date]) -> Bool {
            // Assign instants (sorted) to posts: try every permutation (n is tiny).
            var used = [Bool](repeating: false, count: n)
            func assign(_ k: Int) -> Bool {
                if k == instants.count { return true }
                for post in 0..<n where !used[post] && (windows[post].lo...windows[post].hi).contains(instants[k]) {
                    used[post] = true
                    if assign(k + 1) { return true }
                    used[post] = false
                }
                return false
            }
            return assign(0)
        }
        func search(_ from: Int) {
            if chosen.count == n {
                let instants = chosen.map { candidates[$0] }
                if account.maxPerDay > 0 {
                    var perDay = fixedPerDay
                    for index in chosen { perDay[candidateDay[index], default: 0] += 1 }
                    guard chosen.allSatisfy({ perDay[candidateDay[$0]]! <= account.maxPerDay }) else { return }
                }
                guard matches(instants) else { return }
                let total = chosen.reduce(0) { $0 + reach[$1] }
                // Strictly better only: earlier sets come first in this enumeration, so ties keep the earliest.
                if best == nil || total > best!.total * (1 + 1e-12) { best = (chosen, total) }
                return
            }
            guard from < candidates.count else { return }
            for next in from..<candidates.count {
                if let last = chosen.last,
                   candidates[next].timeIntervalSince(candidates[last]) < max(account.minGap, 1) { continue }
                chosen.append(next)
                search(next + 1)
                chosen.removeLast()
            }
        }
        search(0)
        return best.map { (instants: $0.instants.map { candidates[$0] }, total: $0.total) }
    }
}

extension SplitMix64 {
    /// A standard normal number (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-300)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * unit())
    }
}
