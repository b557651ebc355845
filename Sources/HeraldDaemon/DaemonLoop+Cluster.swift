import Foundation
import HeraldCore
import HeraldStore

/// Nodes sharing a PostgreSQL database (issue 17): every third of a lease this node renews its claims and takes
/// or gives back accounts (`AppDatabase.clusterStep`); it publishes, fetches metrics, fills evergreen slots,
/// polls feeds and learns only for the accounts it holds, and delivers notifications only while it holds the
/// `@notify` role. Intake, planning, holds and cancellations need no claim: each is one transaction under the
/// cluster-wide write lock, whichever node runs it.
extension DaemonLoop {
    /// The role that delivers `[[notify]]` notifications (one node at a time, claimed like an account).
    static let notifyRole = "@notify"

    /// This start's identity among the nodes: `[daemon] node` or the host name, and an instance id.
    static func nodeIdentity(_ settings: DaemonSettings, now: Date) -> NodeIdentity {
        let host = ProcessInfo.processInfo.hostName
        let name = settings.node ?? host.split(separator: ".").first.map(String.init) ?? host
        let instance = "\(name)/\(UUID().uuidString.prefix(8).lowercased())"
        return NodeIdentity(name: name, instance: instance, host: host, pid: Int(getpid()), startedAt: now)
    }

    /// What nodes claim: every configured account, and the notification role when there are entries.
    var clusterRoles: [String] {
        config.accounts.map(\.name) + (config.notify.isEmpty ? [] : [Self.notifyRole])
    }

    /// Whether the next cluster step is due (never on SQLite).
    var clusterStepDue: Bool {
        guard node != nil else { return false }
        return clusterNext.map { now() >= $0 } ?? true
    }

    /// Renews this node's claims and takes or gives back accounts, then starts a worker for every account it
    /// holds that has attempts left in flight and no worker running (the worker settles them first). A step that
    /// fails stops all publishing here at once; it is retried every second.
    func clusterStep() async {
        guard let node else { return }
        let started = ContinuousClock.now
        let current = now()
        clusterNext = current.addingTimeInterval(config.daemon.lease / 3)
        guard holdsNodeLock(node) else {
            clusterNext = current.addingTimeInterval(1)
            for account in membership.dropAll().sorted() { noteLost(account, why: "this node's name lock was lost") }
            return
        }
        let result: ClusterStepResult
        do {
            result = try database.clusterStep(node: node, accounts: clusterRoles, busy: core.busy, now: current,
                                               lease: config.daemon.lease)
        } catch {
            // The step may even have committed (a connection lost after COMMIT went out) and given accounts
            // back: publish nothing more until a step gets through and says what this node holds.
            degraded("cluster", "cannot renew this node's claims: \(error)")
            clusterNext = current.addingTimeInterval(1)
            for account in membership.dropAll().sorted() { noteLost(account, why: "its claims could not be renewed") }
            return
        }
        if problems["cluster"] != nil {
            problems["cluster"] = nil
            updateStatus()
        }
        let (gained, lost) = membership.renewed(Set(result.held.keys), started: started)
        for account in gained.sorted() {
            events.logger.notice("account claimed", metadata: [
                "HERALD_EVENT": "claimed", "HERALD_ACCOUNT": "\(account)", "HERALD_NODE": "\(node.name)",
                "HERALD_NODES": "\(result.liveNodes)",
            ])
        }
        for account in lost.sorted() {
            noteLost(account, why: result.released.contains(account) ? "handed over" : "taken by another node")
        }
        if gained.contains(Self.notifyRole) { notifications.wake() }
        // Posts of an account taken from a silent node may have waited past `max_lateness` meanwhile: they get
        // `on_missed` as posts that waited through a stopped daemon do.
        if !gained.isEmpty, let late = try? database.overdue(before: now()) {
            handleMissed(late.filter { gained.contains($0.account) })
        }
        // Attempts left in flight on accounts held here (by their earlier holder, or by a record a database error
        // cut short) are settled by the account's worker before it claims anything, off the loop: start one for
        // each such account that has none running, even with nothing due.
        let leftovers = (try? database.accountsInFlight()) ?? []
        for account in leftovers.intersection(membership.publishable()).subtracting(core.busy).sorted()
        where publishers[account] != nil && !core.stopping {
            core.started(account: account)
            dispatch(account)
        }
    }

    /// Whether this node still holds its name's lock: the connection holding it (and LISTEN) can be lost (a
    /// database restart, a network cut), and another heraldd of the same name would then take this node's
    /// claims for orphans. A lost lock is taken again when it is free; until then the node publishes nothing.
    private func holdsNodeLock(_ node: NodeIdentity) -> Bool {
        if let current = nodeGuard, current.isConnected { return true }
        nodeGuard = nil
        do {
            nodeGuard = try database.holdNode(name: node.name)
            events.logger.warning("node lock connection lost; lock taken again", metadata: [
                "HERALD_NODE": "\(node.name)",
            ])
            listenForQueueChanges()
            return true
        } catch {
            degraded("cluster", "node \(node.name) lost its name lock: \(error)")
            return false
        }
    }

    private func noteLost(_ account: String, why: String) {
        events.logger.notice("account released", metadata: [
            "HERALD_EVENT": "released", "HERALD_ACCOUNT": "\(account)", "HERALD_REASON": "\(why)",
        ])
    }

    /// A clean stop: gives every claim back so that the other nodes take them at their next step.
    func leaveCluster() {
        guard let node else { return }
        _ = membership.dropAll()
        do {
            try database.leaveCluster(node: node, now: now())
        } catch {
            events.logger.warning("cannot give back this node's claims; they run out after the lease",
                                  metadata: ["HERALD_ERROR": "\(error)"])
        }
    }

    /// Wakes the loop when another node (or this one) commits new due work for an account held here.
    func listenForQueueChanges() {
        guard let nodeGuard else { return }
        let membership = membership
        let continuation = continuation
        do {
            try nodeGuard.listenForQueueChanges { account in
                if membership.holds(account) { continuation.yield(.timer) }
            }
        } catch {
            degraded("cluster", "cannot listen for other nodes' changes: \(error)")
        }
    }
}
