import Foundation
import Testing
@testable import HeraldCore

@Suite("Backoff")
struct BackoffTests {
    let backoff = Backoff()
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Jittered delays are products of binary fractions (0.2 is inexact); compare to a microsecond.
    func close(_ actual: TimeInterval?, _ expected: TimeInterval) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) < 1e-6
    }

    @Test("nominal delays match the documented table")
    func table() {
        let expected: [TimeInterval] = [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        for (index, delay) in expected.enumerated() {
            #expect(backoff.nominalDelay(afterAttempt: index + 1) == delay, "attempt \(index + 1)")
        }
    }

    @Test("a unit of 0.5 gives the nominal delay; 0 and near 1 give the jitter's ends")
    func jitterEnds() {
        #expect(backoff.delay(afterAttempt: 1, unit: 0.5) == 30)
        #expect(close(backoff.delay(afterAttempt: 1, unit: 0), 24))
        #expect(close(backoff.delay(afterAttempt: 3, unit: 0), 96))
        let high = backoff.delay(afterAttempt: 1, unit: 0.999_999)
        #expect(high < 36 && high > 35.99)
    }

    @Test("every jittered delay stays within ±20% of the nominal one", arguments: 1...12)
    func jitterBounds(attempt: Int) {
        let nominal = backoff.nominalDelay(afterAttempt: attempt)
        for step in 0..<1000 {
            let delay = backoff.delay(afterAttempt: attempt, unit: Double(step) / 1000)
            #expect(delay >= nominal * 0.8 - 1e-6 && delay < nominal * 1.2)
        }
    }

    @Test("the cap holds for huge attempt numbers, and odd inputs are clamped")
    func cap() {
        for attempt in [8, 50, 1_100, Int.max] {
            #expect(backoff.nominalDelay(afterAttempt: attempt) == 3600)
            #expect(backoff.delay(afterAttempt: attempt, unit: 0.999) < 3600 * 1.2)
        }
        #expect(backoff.nominalDelay(afterAttempt: 0) == 30)
        #expect(backoff.nominalDelay(afterAttempt: -3) == 30)
        #expect(close(backoff.delay(afterAttempt: 1, unit: -1), 24))
        #expect(close(backoff.delay(afterAttempt: 1, unit: 7), 36))
        #expect(backoff.delay(afterAttempt: 1, unit: .nan) == 30)
    }

    @Test("custom settings: base, factor, cap, no jitter")
    func custom() {
        let custom = Backoff(base: 1, factor: 3, cap: 100, jitter: 0)
        #expect((1...6).map { custom.delay(afterAttempt: $0, unit: 0.9) } == [1, 3, 9, 27, 81, 100])
        let shrinking = Backoff(base: 10, factor: 0.5, cap: 100, jitter: 0)
        #expect(shrinking.nominalDelay(afterAttempt: 4) == 10)
    }

    @Test("the next attempt comes the jittered delay after the failure")
    func nextAttempt() {
        let failure = start.addingTimeInterval(5)
        let next = backoff.nextAttempt(
            after: failure, attempt: 2, firstAttemptAt: start, giveUpAfter: 86_400, unit: 0.5
        )
        #expect(next == failure.addingTimeInterval(60))
        let early = backoff.nextAttempt(after: failure, attempt: 2, firstAttemptAt: start, giveUpAfter: 86_400, unit: 0)
        #expect(close(early?.timeIntervalSince(failure), 48))
    }

    @Test("no attempt after firstAttemptAt + giveUpAfter; exactly at the deadline is still allowed")
    func giveUp() {
        let giveUp: TimeInterval = 86_400
        let late = start.addingTimeInterval(giveUp - 1000)
        #expect(backoff.nextAttempt(after: late, attempt: 20, firstAttemptAt: start, giveUpAfter: giveUp, unit: 0.5)
            == nil)
        let edge = start.addingTimeInterval(giveUp - 3600)
        #expect(backoff.nextAttempt(after: edge, attempt: 20, firstAttemptAt: start, giveUpAfter: giveUp, unit: 0.5)
            == start.addingTimeInterval(giveUp))
    }

    @Test("a server's retry-after wins when later, is ignored when earlier, and cannot pass the deadline")
    func retryAfter() {
        let failure = start
        let reset = start.addingTimeInterval(900)
        #expect(backoff.nextAttempt(
            after: failure, attempt: 1, firstAttemptAt: start, giveUpAfter: 86_400, retryAfter: reset, unit: 0.5
        ) == reset)
        let soon = start.addingTimeInterval(5)
        #expect(backoff.nextAttempt(
            after: failure, attempt: 1, firstAttemptAt: start, giveUpAfter: 86_400, retryAfter: soon, unit: 0.5
        ) == start.addingTimeInterval(30))
        let tooLate = start.addingTimeInterval(90_000)
        #expect(backoff.nextAttempt(
            after: failure, attempt: 1, firstAttemptAt: start, giveUpAfter: 86_400, retryAfter: tooLate, unit: 0.5
        ) == nil)
    }

    @Test("a post failing instantly forever gets 30 attempts in 24 hours with nominal delays")
    func attemptsInADay() {
        var attempts = 1
        var now = start
        while let next = backoff.nextAttempt(
            after: now, attempt: attempts, firstAttemptAt: start, giveUpAfter: 86_400, unit: 0.5
        ) {
            #expect(next > now)
            now = next
            attempts += 1
        }
        // 7 growing delays take 3,810 s; then 22 hourly ones fit before 86,400 s.
        #expect(attempts == 30)
    }
}
