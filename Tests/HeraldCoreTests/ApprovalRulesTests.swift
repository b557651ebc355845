import Foundation
import HeraldCore
import Testing

@Suite("Who may approve a held post")
struct ApprovalRulesTests {
    let t0 = Date(timeIntervalSince1970: 1_795_442_400)
    let carol = Principal(uid: 1002, user: "carol", groups: ["carol", "comms"])
    let alice = Principal(uid: 1000, user: "alice", groups: ["alice", "comms"])

    func held(_ account: String = "brand", approvers: [String] = ["@comms"], minutes: Double = 30) -> ApprovalTarget {
        ApprovalTarget(account: account, state: .held, holdUntil: t0.addingTimeInterval(minutes * 60),
                       approvers: approvers)
    }

    @Test func principalsMatchUserNamesAndAtGroups() {
        #expect(carol.isListed(in: ["carol"]))
        #expect(carol.isListed(in: ["@comms"]))
        #expect(!carol.isListed(in: ["comms"]))  // a bare name is a user, never a group
        #expect(!carol.isListed(in: ["@carolx", "caro", "@"]))
        #expect(!carol.isListed(in: []))
    }

    @Test func aListedApproverWhoIsNotTheAuthorMayDecideBeforeTheDeadline() {
        let outcomes = ApprovalRules.decide(by: carol, authorUID: 1000, targets: [held()], now: t0, maxLateness: 900)
        #expect(outcomes == [.apply])
    }

    @Test func theAuthorMayNeverApproveTheirOwnPostEvenWhenListed() {
        let outcomes = ApprovalRules.decide(by: alice, authorUID: 1000, targets: [held(approvers: ["alice"])],
                                            now: t0, maxLateness: 900)
        #expect(outcomes == [.refused("brand: alice wrote this post and cannot approve it")])
    }

    @Test func someoneNotListedIsRefused() {
        let outcomes = ApprovalRules.decide(by: carol, authorUID: 1000, targets: [held(approvers: ["dave", "@legal"])],
                                            now: t0, maxLateness: 900)
        #expect(outcomes == [.refused("brand: carol is not one of its approvers")])
        let none = ApprovalRules.decide(by: carol, authorUID: 1000, targets: [held(approvers: [])], now: t0,
                                        maxLateness: 900)
        #expect(none == [.refused("brand: carol is not one of its approvers")])
    }

    @Test func pastItsTimeButWithinMaxLatenessIsStillApprovableAfterwardsItIsNot() {
        let within = ApprovalRules.decide(by: carol, authorUID: 1000, targets: [held()],
                                          now: t0.addingTimeInterval(44 * 60), maxLateness: 900)
        #expect(within == [.apply])
        let late = ApprovalRules.decide(by: carol, authorUID: 1000, targets: [held()],
                                        now: t0.addingTimeInterval(46 * 60), maxLateness: 900)
        #expect(late == [.refused("brand: its time has passed (expired)")])
    }

    @Test func expiredAndNonHeldTargetsAreRefusedEachWithItsOwnReason() {
        var expired = held("ceo")
        expired.state = .expired
        var published = held("help")
        published.state = .other("published")
        let outcomes = ApprovalRules.decide(by: carol, authorUID: 1000, targets: [held(), expired, published],
                                            now: t0, maxLateness: 900)
        #expect(outcomes == [
            .apply,
            .refused("ceo: expired (held and not approved in time); nothing to approve"),
            .refused("help: not held (published)"),
        ])
    }

    @Test func requestsRoundTripThroughTheirFileText() throws {
        let requests = [
            ApprovalRequest(postID: "7k2m9x4q1c", decision: .approve),
            ApprovalRequest(postID: "7k2m9x4q1c", decision: .reject(reason: "off-brand: too\nloud"), actingAs: "carol"),
        ]
        for request in requests {
            let parsed = try ApprovalRequest.parse(request.text).get()
            if case .reject = request.decision {
                #expect(parsed.decision == .reject(reason: "off-brand: too loud"))
                #expect(parsed.actingAs == "carol")
            } else {
                #expect(parsed == request)
            }
        }
    }

    @Test func malformedRequestsSayWhy() {
        #expect(ApprovalRequest.parse("").failure == .missingDecision)
        #expect(ApprovalRequest.parse("Approve: a\nReject: a\nReason: x\n").failure == .missingDecision)
        #expect(ApprovalRequest.parse("Reject: a\n").failure == .missingReason)
        #expect(ApprovalRequest.parse("Approve: a\nColour: red\n").failure
            == .malformed(line: 2, "unknown header colour"))
        #expect(ApprovalRequest.parse("Approve a\n").failure == .malformed(line: 1, "expected `Name: value`"))
        #expect(ApprovalRequest.parse("approve: a\nAPPROVE: b\n").failure == .malformed(line: 2, "approve given twice"))
        #expect(ApprovalRequest.isCandidate("x.approval"))
        #expect(!ApprovalRequest.isCandidate(".x.approval.tmp"))
        #expect(!ApprovalRequest.isCandidate(".approval"))
        #expect(!ApprovalRequest.isCandidate("x.post"))
    }
}

extension Result {
    var failure: Failure? {
        if case let .failure(error) = self { error } else { nil }
    }
}
