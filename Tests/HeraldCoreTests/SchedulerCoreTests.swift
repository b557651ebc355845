import Foundation
import Testing

@testable import HeraldCore

/// The scheduler loop's decisions, driven by a manual clock: nothing here sleeps.
@Suite("SchedulerCore")
struct SchedulerCoreTests {
    let start = Date(timeIntervalSince1970: 1_795_442_400)  // 2026-11-23T14:00:00Z

    func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    @Test func idleWithNothingDueAndNoRescanNeverWakes() {
        var core = SchedulerCore(now: start, rescanInterval: nil)
        let decision = core.step(now: start, due: [:])
        #expect(decision == .init(dispatch: [], rescan: false, wakeAt: nil))
    }

    @Test func armsForTheEarliestFutureDueTime() {
        var core = SchedulerCore(now: start, rescanInterval: nil)
        let decision = core.step(now: start, due: ["a": at(90), "b": at(30), "c": at(60)])
        #expect(decision.dispatch.isEmpty)
        #expect(decision.wakeAt == at(30))
    }

    @Test func dispatchesDueAccountsOnceAndNeverArmsForABusyOne() {
        var core = SchedulerCore(now: start, rescanInterval: nil)
        var decision = core.step(now: at(10), due: ["a": at(0), "b": at(10), "c": at(20)])
        #expect(decision.dispatch == ["a", "b"])
        #expect(decision.wakeAt == at(20))
        #expect(core.busy == ["a", "b"])
        // While a and b are busy, their (past) due times must not arm the timer: that would spin.
        decision = core.step(now: at(11), due: ["a": at(0), "b": at(5)])
        #expect(decision.dispatch.isEmpty)
        #expect(decision.wakeAt == nil)
        core.finished(account: "a")
        decision = core.step(now: at(12), due: ["a": at(0), "b": at(5)])
        #expect(decision.dispatch == ["a"])
    }

    @Test func aDueTimeExactlyNowIsDue() {
        var core = SchedulerCore(now: start, rescanInterval: nil)
        #expect(core.step(now: at(5), due: ["a": at(5)]).dispatch == ["a"])
    }

    @Test func periodicRescanIsScheduledAndRepeats() {
        var core = SchedulerCore(now: start, rescanInterval: 300)
        var decision = core.step(now: at(1), due: [:])
        #expect(decision.rescan == false)
        #expect(decision.wakeAt == at(300))
        decision = core.step(now: at(300), due: ["a": at(1000)])
        #expect(decision.rescan)
        #expect(decision.wakeAt == at(600))
        decision = core.step(now: at(301), due: ["a": at(400)])
        #expect(decision.rescan == false)
        #expect(decision.wakeAt == at(400))
    }

    @Test func aLateTimerStillRescansOnceNotOncePerMissedInterval() {
        var core = SchedulerCore(now: start, rescanInterval: 60)
        let decision = core.step(now: at(3600), due: [:])
        #expect(decision.rescan)
        #expect(decision.wakeAt == at(3660))
        #expect(core.step(now: at(3601), due: [:]).rescan == false)
    }

    @Test func stoppingDispatchesNothingAndStopsWaking() {
        var core = SchedulerCore(now: start, rescanInterval: 60)
        _ = core.step(now: at(1), due: ["a": at(0)])
        core.stop()
        let decision = core.step(now: at(120), due: ["b": at(0)])
        #expect(decision == .init(dispatch: [], rescan: false, wakeAt: nil))
        #expect(!core.isIdle)
        core.finished(account: "a")
        #expect(core.isIdle)
    }

    @Test func randomSequencesKeepOneWorkerPerAccountAndNeverArmInThePast() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            var core = SchedulerCore(now: start, rescanInterval: 60)
            var clock = start
            var running: Set<String> = []
            for _ in 0..<50 {
                clock = clock.addingTimeInterval(Double(generator.next() % 30))
                var due: [String: Date] = [:]
                for account in ["a", "b", "c"] where generator.next() % 2 == 0 {
                    due[account] = clock.addingTimeInterval(Double(Int(generator.next() % 60) - 30))
                }
                if let done = running.randomElement(using: &generator), generator.next() % 2 == 0 {
                    running.remove(done)
                    core.finished(account: done)
                }
                let decision = core.step(now: clock, due: due)
                for account in decision.dispatch {
                    #expect(!running.contains(account), "two workers for \(account)")
                    running.insert(account)
                }
                if let wake = decision.wakeAt { #expect(wake > clock, "armed in the past") }
                for (account, instant) in due where instant <= clock {
                    #expect(running.contains(account), "due account \(account) neither running nor dispatched")
                }
            }
        }
    }
}

@Suite("SchedulerCore rescans")
struct SchedulerCoreRescanTests {
    let start = Date(timeIntervalSince1970: 1_795_442_400)

    @Test func rescanSoonBringsTheNextRescanForwardOnce() {
        var core = SchedulerCore(now: start, rescanInterval: 300)
        core.rescanSoon(at: start.addingTimeInterval(5))
        #expect(core.step(now: start.addingTimeInterval(1), due: [:]).wakeAt == start.addingTimeInterval(5))
        let decision = core.step(now: start.addingTimeInterval(5), due: [:])
        #expect(decision.rescan)
        #expect(decision.wakeAt == start.addingTimeInterval(305))
    }

    @Test func rescanSoonWorksWithPeriodicRescansOff() {
        var core = SchedulerCore(now: start, rescanInterval: nil)
        core.rescanSoon(at: start.addingTimeInterval(5))
        #expect(core.step(now: start.addingTimeInterval(5), due: [:]).rescan)
        #expect(core.step(now: start.addingTimeInterval(6), due: [:]) == .init(dispatch: [], rescan: false, wakeAt: nil))
    }
}
