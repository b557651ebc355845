import Foundation
import HeraldCore
import HeraldStore

/// One entry of `herald nodes --json`: a node, its state, and its claims.
struct NodeItemLine: Encodable {
    struct ClaimItem: Encodable {
        var account: String
        var since: String
        var leaseUntil: String

        enum CodingKeys: String, CodingKey {
            case account, since
            case leaseUntil = "lease_until"
        }
    }

    var name: String
    var instance: String
    var host: String
    var pid: Int
    /// `live` (heartbeat within the lease), `left` (stopped cleanly), `silent` (no heartbeat for a lease: killed,
    /// stopped or cut off; its claims are free once their leases ran out).
    var state: String
    var startedAt: String
    var seenAt: String
    var claims: [ClaimItem]

    enum CodingKeys: String, CodingKey {
        case name, instance, host, pid, state, claims
        case startedAt = "started_at"
        case seenAt = "seen_at"
    }

    init(record: NodeRecord, lease: TimeInterval, now: Date) {
        name = record.name
        instance = record.instance
        host = record.host
        pid = record.pid
        state = record.leftAt != nil ? "left" : record.seenAt.addingTimeInterval(lease) > now ? "live" : "silent"
        startedAt = RFC3339.string(from: record.startedAt)
        seenAt = RFC3339.string(from: record.seenAt)
        claims = record.claims.map {
            ClaimItem(account: $0.account, since: RFC3339.string(from: $0.since),
                      leaseUntil: RFC3339.string(from: $0.leaseUntil))
        }
    }

    /// `n1  live  host pid 4242  seen 2026-12-04T20:30:00Z  brand, ceo` (or "no accounts").
    var line: String {
        let accounts = claims.isEmpty ? "no accounts" : claims.map(\.account).joined(separator: ", ")
        return "\(name)  \(state)  \(host) pid \(pid)  seen \(seenAt)  \(accounts)"
    }
}
