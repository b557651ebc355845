import Foundation
import Testing
@testable import HeraldCore

/// `Hold:` holds a post for an approver on every account the policy lets it go to; the rules' own holds and
/// rejections stand.
@Suite struct HoldHeaderTests {
    static func gate(_ headers: [String], body: String = "We opened a new shop today.") throws -> [GatedTarget] {
        var config = HeraldConfiguration(accounts: [PolicyFixtures.brand, PolicyFixtures.personal])
        config.policy = try PolicyFixtures.policy()
        let file = try PolicyFixtures.post(body, headers: ["Account: brand, me"] + headers)
        let validation = PostValidator.validate(file, config: config, now: PolicyFixtures.now)
        #expect(validation.isValid)
        return TargetGate.apply(file, targets: validation.targets, config: config,
                                engine: PolicyEngine(policy: config.policy), now: PolicyFixtures.now)
    }

    @Test func valuesAndTheirReasons() throws {
        #expect(try PolicyFixtures.post("x", headers: ["Hold: yes"]).hold == "the post file asks for approval")
        #expect(try PolicyFixtures.post("x", headers: ["hold: NO"]).hold == nil)
        #expect(try PolicyFixtures.post("x", headers: ["Hold: legal must read it"]).hold == "legal must read it")
        #expect(try PolicyFixtures.post("x", headers: []).hold == nil)
        #expect(throws: PostFileError.emptyValue(header: .hold, line: 1)) {
            try PolicyFixtures.post("x", headers: ["Hold:"])
        }
    }

    @Test func everyAccountIsHeldWithTheReason() throws {
        let gated = try Self.gate(["Hold: legal must read it"])
        #expect(gated.map(\.hold) == ["Hold: legal must read it", "Hold: legal must read it"])
        #expect(try Self.gate([]).allSatisfy { $0.outcome == .go })
        #expect(try Self.gate(["Hold: no"]).allSatisfy { $0.outcome == .go })
    }

    @Test func aRuleRejectionIsNotSoftenedToAHold() throws {
        // Profanity rejects on a brand account by default and only warns on a personal one.
        let gated = try Self.gate(["Hold: yes"], body: "We opened a new shit shop today.")
        #expect(gated.first { $0.account == "brand" }?.rejection != nil)
        #expect(gated.first { $0.account == "me" }?.hold == "Hold: the post file asks for approval")
    }
}
