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

    @Test("isLate: from max_lateness on, and never for a time not in the past")
    func isLateAtTheInstant() {
        func late(_ seconds: TimeInterval, max: TimeInterval) -> Bool {
            Lateness.isLate(scheduled, now: scheduled.addingTimeInterval(seconds), maxLateness: max)
        }
        #expect(!late(899.999, max: 900) && late(900, max: 900) && late(901, max: 900))
        #expect(!late(0, max: 0) && !late(-1, max: 0) && late(0.001, max: 0))
        #expect(Lateness.cutoff(now: scheduled, maxLateness: 900) == scheduled.addingTimeInterval(-900))
        #expect(Lateness.deadline(for: scheduled, maxLateness: 900) == scheduled.addingTimeInterval(900))
    }

    /// Issue 16: intake, missed posts and approvals used to judge max_lateness with different edges, so at the
    /// boundary instant a held post could be both approvable and expired. They all ask `Lateness.isLate` now.
    @Test("intake, missed posts and approvals agree at the boundary instant", arguments: [899.0, 900, 901])
    func everyPlaceAgrees(seconds: TimeInterval) throws {
        let now = scheduled.addingTimeInterval(seconds)
        let late = seconds >= 900
        let account = Account(name: "brand", timeZone: TimeZone(identifier: "UTC")!)
        let config = HeraldConfiguration(
            daemon: DaemonSettings(defaultAccount: "brand", maxLateness: 900), accounts: [account])
        let file = try PostFile.parse(Array("At: \(RFC3339.string(from: scheduled))\n\nHello\n".utf8))
        let validation = PostValidator.validate(file, config: config, now: now)
        #expect(validation.isValid == !late, "intake at +\(seconds)s")
        let missed = Lateness.classify(scheduledAt: scheduled, now: now, maxLateness: 900, policy: .fail)
        #expect(missed == (late ? .missed(.fail) : .onTime), "start-up at +\(seconds)s")
        let target = ApprovalTarget(account: "brand", state: .held, holdUntil: scheduled, approvers: ["carol"])
        let approver = Principal(uid: 1002, user: "carol", groups: ["carol"])
        let outcome = ApprovalRules.decide(by: approver, authorUID: 1000, targets: [target], now: now,
                                           maxLateness: 900)
        #expect(outcome == [late ? .refused("brand: its time has passed (expired)") : .apply],
                "approval at +\(seconds)s")
    }
}
