import Foundation
import Testing

@testable import HeraldCore

/// How nodes split the accounts (issue 17): even shares, free accounts only, idle ones given back.
@Suite("Cluster shares")
struct ClusterShareTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let accounts = (1...10).map { "account\($0)" }

    static func claim(_ account: String, _ instance: String, _ seconds: TimeInterval = 30) -> ClusterShare.Claim {
        ClusterShare.Claim(account: account, instance: instance, leaseUntil: now.addingTimeInterval(seconds))
    }

    @Test("a lone node takes every account")
    func alone() {
        let share = ClusterShare.decide(me: "n1/a", accounts: Self.accounts, claims: [], liveNodes: 1, busy: [],
                                        now: Self.now)
        #expect(Set(share.acquire) == Set(Self.accounts))
        #expect(share.release.isEmpty)
    }

    @Test("three nodes starting together cover every account, none more than its share, none twice")
    func together() {
        var claims: [ClusterShare.Claim] = []
        for node in ["n1/a", "n2/b", "n3/c"] {
            let share = ClusterShare.decide(me: node, accounts: Self.accounts, claims: claims, liveNodes: 3,
                                            busy: [], now: Self.now)
            #expect(share.acquire.count <= 4)
            claims += share.acquire.map { Self.claim($0, node) }
        }
        #expect(claims.count == 10)
        #expect(Set(claims.map(\.account)).count == 10)
    }

    @Test("an account held by a live lease is never taken; an expired or orphaned one is")
    func freeOnly() {
        let claims = [
            Self.claim("account1", "n2/b"), Self.claim("account2", "n2/b", -1), Self.claim("account3", "n1/old"),
        ]
        let share = ClusterShare.decide(me: "n1/new", accounts: ["account1", "account2", "account3"], claims: claims,
                                        liveNodes: 2, busy: [], now: Self.now, orphaned: ["n1/old"])
        #expect(Set(share.acquire) == ["account2", "account3"])
        let waiting = ClusterShare.decide(me: "n3/c", accounts: ["account1"], claims: claims, liveNodes: 3, busy: [],
                                          now: Self.now)
        #expect(waiting.acquire.isEmpty)
    }

    @Test("a node over its share gives back idle accounts only, and takes nothing meanwhile")
    func rebalance() {
        let claims = Self.accounts.map { Self.claim($0, "n1/a") }
        let share = ClusterShare.decide(me: "n1/a", accounts: Self.accounts, claims: claims, liveNodes: 2,
                                        busy: ["account1", "account2", "account3"], now: Self.now)
        #expect(share.release.count == 5)
        #expect(Set(share.release).isDisjoint(with: ["account1", "account2", "account3"]))
        #expect(share.acquire.isEmpty)
        let busy = ClusterShare.decide(me: "n1/a", accounts: Self.accounts, claims: claims, liveNodes: 2,
                                       busy: Set(Self.accounts), now: Self.now)
        #expect(busy.release.isEmpty, "a publishing account is never handed over mid-publication")
    }

    @Test("preferences are stable across a node's restarts and differ between nodes")
    func preferences() {
        #expect(ClusterShare.rank("brand", "n1/aaaa") == ClusterShare.rank("brand", "n1/bbbb"))
        #expect(ClusterShare.rank("brand", "n1/aaaa") != ClusterShare.rank("brand", "n2/aaaa"))
    }
}

extension ClusterShareTests {
    @Test("an account this node no longer publishes (a reload removed it) is given back, even within its share")
    func unconfigured() {
        let claims = [Self.claim("account1", "n1/a"), Self.claim("gone", "n1/a")]
        let share = ClusterShare.decide(me: "n1/a", accounts: ["account1"], claims: claims, liveNodes: 1, busy: [],
                                        now: Self.now)
        #expect(share.release == ["gone"])
    }
}
