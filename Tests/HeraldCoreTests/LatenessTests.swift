import Foundation
import Testing

@testable import HeraldCore

@Suite("Lateness (max_lateness, on_missed)")
struct LatenessTests {
    let scheduled = Date(timeIntervalSince1970: 1_795_442_400)

    @Test(arguments: [MissedPolicy.publish, .reschedule, .fail])
    func lessThanMaxLatenessIsOnTimeAndFromItOnMissed(policy: MissedPolicy) {
        func classify(_ late: TimeInterval) -> Lateness {
            Lateness.classify(scheduledAt: scheduled, now: scheduled.addingTimeInterval(late), maxLateness: 900,
                              policy: policy)
        }
        #expect(classify(-5) == .onTime)
        #expect(classify(0) == .onTime)
        #expect(classify(899.9) == .onTime)
        #expect(classify(900) == .missed(policy))
        #expect(classify(86_400) == .missed(policy))
    }
}
