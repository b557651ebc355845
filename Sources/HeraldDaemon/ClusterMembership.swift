import Foundation
import Synchronization

/// The accounts this node holds (issue 17), shared by the loop, which renews the claims, and the workers, which
/// ask before every status whether they may still publish it.
///
/// A claim is trusted until its lease runs out counted on this host's monotonic clock from the moment the
/// renewal started (the database's lease ends no earlier), less a margin: a node that cannot renew (its database
/// cut off, or the node stopped) stops publishing a third of a lease before any other node may take the account,
/// so two nodes never publish one account's statuses at once. On SQLite there is one node and it holds every
/// account for good.
final class ClusterMembership: Sendable {
    private struct State {
        var deadlines: [String: ContinuousClock.Instant] = [:]
    }

    /// Nil on a node that holds everything (SQLite).
    private let lease: Duration?
    private let state = Mutex(State())

    init(lease: TimeInterval?) {
        self.lease = lease.map { .milliseconds(Int64($0 * 1000)) }
    }

    /// Whether the node shares its database with others (and so holds only its claims).
    var isShared: Bool { lease != nil }

    /// Whether the node holds `account` (its loop may plan work for it and start its worker).
    func holds(_ account: String) -> Bool {
        guard lease != nil else { return true }
        return state.withLock { $0.deadlines[account] != nil }
    }

    /// Whether a worker may publish `account`'s next status now: held, with more than a third of the lease left.
    func mayPublish(_ account: String, at now: ContinuousClock.Instant = .now) -> Bool {
        guard let lease else { return true }
        guard let deadline = state.withLock({ $0.deadlines[account] }) else { return false }
        return now < deadline - lease / 3
    }

    /// The accounts held with more than a third of the lease left: the ones a worker may be started for.
    func publishable(at now: ContinuousClock.Instant = .now) -> Set<String> {
        guard let lease else { return [] }
        return state.withLock { state in Set(state.deadlines.filter { now < $0.value - lease / 3 }.keys) }
    }

    /// Records a renewal that started at `started`: `held` is everything the node holds now. Returns the
    /// accounts gained and lost since the last one.
    @discardableResult
    func renewed(_ held: Set<String>, started: ContinuousClock.Instant) -> (gained: Set<String>, lost: Set<String>) {
        guard let lease else { return ([], []) }
        return state.withLock { state in
            let before = Set(state.deadlines.keys)
            state.deadlines = Dictionary(uniqueKeysWithValues: held.map { ($0, started + lease) })
            return (held.subtracting(before), before.subtracting(held))
        }
    }

    /// Forgets every claim (the node left the cluster, or a step or its name lock failed).
    func dropAll() -> Set<String> {
        state.withLock { state in
            let held = Set(state.deadlines.keys)
            state.deadlines = [:]
            return held
        }
    }
}
