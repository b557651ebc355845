import Foundation
import HeraldCore

extension AppDatabase {
    /// Whether several nodes may share this database (PostgreSQL), or it is one host's (SQLite).
    public var isShared: Bool {
        if case .postgres = backend { return true }
        return false
    }

    /// One cluster step of `node` (issue 17), in one transaction: its heartbeat, its claims renewed for
    /// `lease`, then the accounts it takes or gives back as ``ClusterShare`` decides. Returns what it holds now.
    ///
    /// A claim of this node's that ran out while it was stopped is renewed if nobody took it meanwhile: nobody
    /// resolved its attempts then. Claims of an earlier start of this node's name are free at once: holding the
    /// name's lock (``holdNode(name:)``) proves that start dead.
    public func clusterStep(
        node: NodeIdentity, accounts: [String], busy: Set<String>, now: Date, lease: TimeInterval
    ) throws(StoreError) -> ClusterStepResult {
        try transaction { db in
            let stamp = now.timeIntervalSince1970
            try db.execute(
                sql: """
                    INSERT INTO nodes (name, instance, host, pid, started_at, seen_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET instance = excluded.instance, host = excluded.host,
                        pid = excluded.pid, started_at = excluded.started_at, seen_at = excluded.seen_at,
                        left_at = NULL
                    """,
                arguments: [node.name, node.instance, node.host, node.pid, node.startedAt.timeIntervalSince1970,
                            stamp], cached: true)
            try db.execute(sql: "UPDATE account_claims SET lease_until = ? WHERE instance = ?",
                           arguments: [stamp + lease, node.instance], cached: true)
            // Every writer already waits for the cluster-wide write lock; SKIP LOCKED keeps a step from ever
            // waiting on a claim row another transaction holds, should that lock be narrowed.
            let claims = try db.fetchAll(
                sql: "SELECT account, node, instance, lease_until FROM account_claims ORDER BY account"
                    + (db.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""),
                cached: true
            ).map { row in
                ClusterShare.Claim(account: row["account"], instance: row["instance"],
                                   leaseUntil: Date(timeIntervalSince1970: row["lease_until"]))
            }
            let orphaned = Set(try db.fetchValues(
                String.self, sql: "SELECT DISTINCT instance FROM account_claims WHERE node = ? AND instance <> ?",
                arguments: [node.name, node.instance], cached: true))
            let live = try db.fetchValue(
                Int.self, sql: "SELECT COUNT(*) FROM nodes WHERE left_at IS NULL AND seen_at > ?",
                arguments: [stamp - lease], cached: true) ?? 1
            let share = ClusterShare.decide(me: node.instance, accounts: accounts, claims: claims, liveNodes: live,
                                            busy: busy, now: now, orphaned: orphaned)
            for account in share.acquire {
                try db.execute(
                    sql: """
                        INSERT INTO account_claims (account, node, instance, claimed_at, lease_until)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (account) DO UPDATE SET node = excluded.node, instance = excluded.instance,
                            claimed_at = excluded.claimed_at, lease_until = excluded.lease_until
                        """,
                    arguments: [account, node.name, node.instance, stamp, stamp + lease], cached: true)
            }
            for account in share.release {
                try db.execute(sql: "DELETE FROM account_claims WHERE account = ? AND instance = ?",
                               arguments: [account, node.instance], cached: true)
            }
            try compactCounts(db)
            let held = try db.fetchAll(
                sql: "SELECT account, lease_until FROM account_claims WHERE instance = ?", arguments: [node.instance],
                cached: true)
            return ClusterStepResult(
                held: Dictionary(uniqueKeysWithValues: held.map {
                    ($0["account"], Date(timeIntervalSince1970: $0["lease_until"]))
                }),
                acquired: share.acquire, released: share.release, liveNodes: live)
        }
    }

    /// Folds the queue counts' deltas (PostgreSQL, v16-count-deltas) into one row per state. Runs inside a
    /// whole-database transaction, so no account transaction appends meanwhile; what it reads is what the
    /// steps since the last one appended.
    func compactCounts(_ db: StoreConnection) throws {
        guard db.isPostgres else { return }
        try db.execute(sql: """
            WITH gone AS (DELETE FROM target_count_deltas RETURNING state, n)
            INSERT INTO target_count_deltas (state, n)
            SELECT state, SUM(n) FROM gone GROUP BY state HAVING SUM(n) <> 0
            """)
    }

    /// Gives back every claim of `node` and marks it gone (a clean stop): the others take its accounts at
    /// their next step instead of after the lease.
    public func leaveCluster(node: NodeIdentity, now: Date) throws(StoreError) {
        try transaction { db in
            try db.execute(sql: "DELETE FROM account_claims WHERE instance = ?", arguments: [node.instance])
            try db.execute(sql: "UPDATE nodes SET left_at = ? WHERE instance = ?",
                           arguments: [now.timeIntervalSince1970, node.instance])
        }
    }

    /// Every node that ever joined, with the accounts each holds (for `herald nodes`).
    public func nodes() throws(StoreError) -> [NodeRecord] {
        try read { db in
            var claims: [String: [NodeRecord.Claim]] = [:]
            for row in try db.fetchAll(sql: "SELECT * FROM account_claims ORDER BY account") {
                claims[row["instance"], default: []].append(NodeRecord.Claim(
                    account: row["account"], since: Date(timeIntervalSince1970: row["claimed_at"]),
                    leaseUntil: Date(timeIntervalSince1970: row["lease_until"])))
            }
            return try db.fetchAll(sql: "SELECT * FROM nodes ORDER BY name").map { row in
                let instance: String = row["instance"]
                let left: Double? = row["left_at"]
                return NodeRecord(
                    name: row["name"], instance: instance, host: row["host"], pid: row["pid"],
                    startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    seenAt: Date(timeIntervalSince1970: row["seen_at"]),
                    leftAt: left.map(Date.init(timeIntervalSince1970:)), claims: claims[instance] ?? [])
            }
        }
    }

    /// The attempts left in flight on `accounts` (the in-flight attempts a node takes over with an account).
    public func inFlight(accounts: Set<String>) throws(StoreError) -> [Claim] {
        try inFlight().filter { accounts.contains($0.account) }
    }
}
