import Foundation
import HeraldCore
import Testing

@testable import HeraldStore

/// Node claims in the store (issue 17): heartbeats, leases, takeovers, clean leaves and the fence that keeps a
/// node that lost an account from recording over its new holder's work. Runs on both backends.
@Suite("Cluster claims")
struct ClusterTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    static func node(_ name: String, _ start: String = "a") -> NodeIdentity {
        NodeIdentity(name: name, instance: "\(name)/\(start)", host: "host-\(name)", pid: 42, startedAt: When.t0)
    }

    static let accounts = ["a1", "a2", "a3", "a4"]

    @Test("two nodes split the accounts and a third is not needed; both appear in nodes()")
    func split() throws {
        let first = try database.clusterStep(node: Self.node("n1"), accounts: Self.accounts, busy: [], now: When.t0,
                                             lease: 30)
        #expect(Set(first.held.keys) == Set(Self.accounts), "alone, it takes everything")
        let second = try database.clusterStep(node: Self.node("n2"), accounts: Self.accounts, busy: [],
                                              now: When.at(0.1), lease: 30)
        #expect(second.held.isEmpty, "nothing is free yet")
        #expect(second.liveNodes == 2)
        let handing = try database.clusterStep(node: Self.node("n1"), accounts: Self.accounts, busy: ["a1"],
                                               now: When.at(0.2), lease: 30)
        #expect(handing.released.count == 2 && !handing.released.contains("a1"))
        let taking = try database.clusterStep(node: Self.node("n2"), accounts: Self.accounts, busy: [],
                                              now: When.at(0.3), lease: 30)
        #expect(Set(taking.held.keys) == Set(handing.released))
        let nodes = try database.nodes()
        #expect(nodes.map(\.name) == ["n1", "n2"])
        #expect(Set(nodes.flatMap(\.claims).map(\.account)) == Set(Self.accounts))
    }

    @Test("a silent node's accounts are taken once its lease ran out, not before")
    func takeover() throws {
        _ = try database.clusterStep(node: Self.node("n1"), accounts: Self.accounts, busy: [], now: When.t0,
                                     lease: 30)
        let early = try database.clusterStep(node: Self.node("n2"), accounts: Self.accounts, busy: [],
                                             now: When.t0.addingTimeInterval(29), lease: 30)
        #expect(early.held.isEmpty)
        let late = try database.clusterStep(node: Self.node("n2"), accounts: Self.accounts, busy: [],
                                            now: When.t0.addingTimeInterval(31), lease: 30)
        #expect(Set(late.held.keys) == Set(Self.accounts), "n1 is silent: n2 alone is live and takes all")
        // n1 wakes up: its claims are gone, it holds nothing until the shares say so.
        let back = try database.clusterStep(node: Self.node("n1"), accounts: Self.accounts, busy: [],
                                            now: When.t0.addingTimeInterval(32), lease: 30)
        #expect(back.held.isEmpty)
    }

    @Test("a restart of a node's name takes that name's old claims at once; a clean leave frees them for others")
    func restartAndLeave() throws {
        _ = try database.clusterStep(node: Self.node("n1", "old"), accounts: Self.accounts, busy: [], now: When.t0,
                                     lease: 30)
        let restarted = try database.clusterStep(node: Self.node("n1", "new"), accounts: Self.accounts, busy: [],
                                                 now: When.at(0.1), lease: 30)
        #expect(Set(restarted.held.keys) == Set(Self.accounts))
        try database.leaveCluster(node: Self.node("n1", "new"), now: When.at(0.2))
        let other = try database.clusterStep(node: Self.node("n2"), accounts: Self.accounts, busy: [],
                                             now: When.at(0.3), lease: 30)
        #expect(Set(other.held.keys) == Set(Self.accounts), "a node that left is not live and holds nothing")
        #expect(try database.nodes().first { $0.name == "n1" }?.leftAt == When.at(0.2))
    }

    @Test("an attempt resolved by the account's new holder cannot be recorded by the node that lost it")
    func fence() throws {
        try database.acceptFixed(makePost("p1", targets: [target("a1", at: 0)]))
        let stale = try database.mustClaim(try database.targetID("p1", "a1"), now: When.t0)
        // The new holder resolves the attempt left in flight (not published), and publishes the post itself.
        let inFlight = try database.inFlight(accounts: ["a1"])
        #expect(inFlight.map(\.attemptID) == [stale.attemptID])
        try database.abandon(inFlight[0], reason: "not published before its node lost the account", now: When.at(1))
        let fresh = try database.mustClaim(stale.targetID, now: When.at(1))
        try database.record(fresh, result: .published(remoteID: "r-new"), now: When.at(2))
        #expect(throws: StoreError.attemptSettled(attemptID: stale.attemptID, account: "a1")) {
            try database.record(stale, result: .published(remoteID: "r-old"), now: When.at(3))
        }
        #expect(try database.count("statuses") == 1)
        #expect(try database.inFlight(accounts: ["a1"]).isEmpty)
    }
}

extension ClusterTests {
    @Test("an exhausted rate-limit window is handed on: the latest end wins, a passed one is forgotten")
    func rateWindows() throws {
        #expect(try database.rateLimitedUntil(account: "a1", now: When.t0) == nil)
        try database.noteRateLimit(account: "a1", until: When.at(15), now: When.t0)
        try database.noteRateLimit(account: "a1", until: When.at(5), now: When.at(1))
        #expect(try database.rateLimitedUntil(account: "a1", now: When.at(2)) == When.at(15))
        #expect(try database.rateLimitedUntil(account: "a2", now: When.at(2)) == nil)
        #expect(try database.rateLimitedUntil(account: "a1", now: When.at(15)) == nil)
    }
}
