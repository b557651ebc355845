import HeraldCore
import Testing

/// The pacer's rules, on a hand-driven monotonic clock: inline while cheap, marked accounts settled oldest first,
/// back to back when the spool is quiet, and at most a fifth of the time while files arrive.
@Suite struct PlanPacerTests {
    let t0 = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    @Test func accountsNeverMeasuredArePlannedInline() {
        let pacer = PlanPacer()
        #expect(pacer.plansInline(["a", "b"], at: t0))
        #expect(pacer.plansInline([], at: t0))
        #expect(pacer.next(at: t0, arriving: true) == .idle)
    }

    @Test func anAccountCostlierThanTheBudgetIsDeferred() {
        var pacer = PlanPacer(inlineBudget: .milliseconds(20))
        pacer.planned(["big"], from: at(0), to: at(30))
        // Long after, with time fully earned back, it still costs more than the budget.
        #expect(!pacer.plansInline(["big"], at: at(10_000)))
        pacer.planned(["small"], from: at(10_000), to: at(10_005))
        #expect(pacer.plansInline(["small"], at: at(20_000)))
        #expect(!pacer.plansInline(["small", "big"], at: at(20_000)))
    }

    @Test func aMarkedAccountIsNeverPlannedInlineAndMarksKeepTheirOrder() {
        var pacer = PlanPacer()
        pacer.mark(["b", "a"])
        pacer.mark(["c", "b"])
        #expect(pacer.marked == ["b", "a", "c"])
        #expect(!pacer.plansInline(["a"], at: t0))
        #expect(pacer.plansInline(["d"], at: t0))
        #expect(pacer.next(at: t0, arriving: false) == .settle("b"))
        pacer.planned(["b"], from: at(0), to: at(1))
        #expect(pacer.next(at: at(1), arriving: false) == .settle("a"))
        pacer.keep(only: ["c"])
        #expect(pacer.marked == ["c"])
    }

    @Test func whileFilesArriveThePlannerRestsFourTimesAsLongAsItOverspent() {
        var pacer = PlanPacer(inlineBudget: .milliseconds(20))
        pacer.mark(["a", "b"])
        // 20 ms in hand, a settle of 100 ms: 80 ms overspent, earned back at a quarter speed in 320 ms.
        pacer.planned(["a"], from: at(0), to: at(100))
        #expect(pacer.balance(at: at(100)) == .milliseconds(-80))
        #expect(pacer.next(at: at(100), arriving: true) == .rest(until: at(420)))
        #expect(pacer.next(at: at(419), arriving: true) == .rest(until: at(420)))
        #expect(pacer.next(at: at(420), arriving: true) == .settle("b"))
        // A quiet spool: no rest at all.
        #expect(pacer.next(at: at(100), arriving: false) == .settle("b"))
        // Inline planning waits for time in hand too, even for an account that costs nothing yet.
        #expect(!pacer.plansInline(["new"], at: at(100)))
        #expect(pacer.plansInline(["new"], at: at(420)))
    }

    @Test func timeInHandIsCappedAtTheBudget() {
        var pacer = PlanPacer(inlineBudget: .milliseconds(20))
        pacer.planned(["a"], from: at(0), to: at(10))
        #expect(pacer.balance(at: at(10)) == .milliseconds(10))
        #expect(pacer.balance(at: at(18)) == .milliseconds(12))
        #expect(pacer.balance(at: at(1_000_000)) == .milliseconds(20))
    }

    /// Over a long burst of settles, each started only when allowed, the planner's share stays at most a fifth.
    @Test func aSustainedBurstGivesThePlannerAtMostAFifthOfTheTime() {
        var pacer = PlanPacer(inlineBudget: .milliseconds(20))
        var now = t0
        var busy = Duration.zero
        pacer.mark((0..<1_000).map { "account\($0)" })
        while case let step = pacer.next(at: now, arriving: true), step != .idle {
            switch step {
            case let .settle(account):
                let took = Duration.milliseconds(7 + account.count % 13)
                pacer.planned([account], from: now, to: now + took)
                busy += took
                now += took
            case let .rest(until):
                now = until
            case .idle:
                break
            }
        }
        let share = Double(busy.components.seconds) + Double(busy.components.attoseconds) / 1e18
        let total = now - t0
        let elapsed = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        #expect(share / elapsed <= 1.0 / 5.0 + 0.01)
        #expect(share / elapsed > 0.18)
    }
}
