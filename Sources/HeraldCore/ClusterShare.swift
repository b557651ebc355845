import Foundation

/// Which accounts one heraldd node takes or gives back at a cluster step (issue 17).
///
/// Nodes sharing a PostgreSQL database split the accounts between them: each account is published by exactly
/// one node at a time, its claim's holder, so an account's thread parts, disclosure ledger, rate windows and
/// token refreshes never meet a second publisher. A claim lasts a lease that its live holder renews at every
/// step; one left to expire (a node killed, cut off or stopped) is free for any node to take, and whoever takes
/// it first resolves the attempts the old holder left in flight.
///
/// Shares are even: with `n` accounts and `k` live nodes no node holds more than `ceil(n / k)`, so the live
/// nodes' shares always cover every account; a node over its share gives back idle accounts (never one whose
/// worker is publishing) for the others to take. Which free accounts a node prefers is a stable hash of the
/// account and the node, so nodes starting together do not all reach for the same accounts.
public struct ClusterShare: Sendable, Equatable {
    /// An account's claim as the database holds it.
    public struct Claim: Sendable, Equatable {
        public var account: String
        /// The node instance holding it (a node's name plus the start it belongs to).
        public var instance: String
        public var leaseUntil: Date

        public init(account: String, instance: String, leaseUntil: Date) {
            self.account = account
            self.instance = instance
            self.leaseUntil = leaseUntil
        }
    }

    /// Accounts to claim now, in the order to take them.
    public var acquire: [String]
    /// Accounts of ours to give back now.
    public var release: [String]

    public init(acquire: [String] = [], release: [String] = []) {
        self.acquire = acquire
        self.release = release
    }

    /// Decides one step for instance `me`.
    ///
    /// - Parameters:
    ///   - accounts: the accounts this node's configuration publishes.
    ///   - claims: every claim in the database, ours already renewed.
    ///   - liveNodes: nodes whose heartbeat is within the lease, this one included.
    ///   - busy: our accounts whose worker is running (never released).
    ///   - orphaned: instances known dead though their leases run (an earlier start of this node's name).
    public static func decide(
        me: String, accounts: [String], claims: [Claim], liveNodes: Int, busy: Set<String>, now: Date,
        orphaned: Set<String> = []
    ) -> ClusterShare {
        let total = Set(claims.map(\.account)).union(accounts).count
        let share = (total + max(liveNodes, 1) - 1) / max(liveNodes, 1)
        let byAccount = Dictionary(claims.map { ($0.account, $0) }, uniquingKeysWith: { first, _ in first })
        let held = claims.filter { $0.instance == me && $0.leaseUntil > now }.map(\.account).sorted()
        // Held but no longer configured here (a reload removed it): given back for a node that publishes it.
        let unknown = held.filter { !accounts.contains($0) && !busy.contains($0) }
        if !unknown.isEmpty { return ClusterShare(release: unknown) }
        if held.count > share {
            let idle = held.filter { !busy.contains($0) }.sorted { rank($0, me) > rank($1, me) }
            return ClusterShare(release: Array(idle.prefix(held.count - share)))
        }
        let free = Set(accounts).filter { account in
            guard let claim = byAccount[account] else { return true }
            return claim.instance != me && (claim.leaseUntil <= now || orphaned.contains(claim.instance))
        }
        let wanted = free.sorted { (rank($0, me), $0) < (rank($1, me), $1) }
        return ClusterShare(acquire: Array(wanted.prefix(max(share - held.count, 0))))
    }

    /// A stable preference of node `me` for `account` (FNV-1a of both names: the same on every run and host).
    static func rank(_ account: String, _ me: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(account.utf8) + [0] + Array(nodeName(of: me).utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// The node name in an instance id (`NAME/START`): preferences stay the same across a node's restarts.
    static func nodeName(of instance: String) -> Substring {
        instance.split(separator: "/", maxSplits: 1).first ?? Substring(instance)
    }
}
