import Foundation

/// Who may release or reject a held post, decided without I/O.
///
/// A target can be decided when it is still held, its time plus `max_lateness` has not passed (a post is never
/// published late by surprise: later, the daemon expires it), the approver is listed in its account's
/// `approvers`, and the approver is not the post's author — the uid that owned the spool file, as the kernel
/// reported it, not an `Author:` header.
public enum ApprovalRules {
    /// What happens to one target.
    public enum Outcome: Sendable, Equatable {
        case apply
        case refused(String)
    }

    /// One outcome per target, in order.
    public static func decide(
        by approver: Principal, authorUID: UInt32, targets: [ApprovalTarget], now: Date, maxLateness: TimeInterval
    ) -> [Outcome] {
        targets.map { target in
            switch target.state {
            case .expired:
                return .refused("\(target.account): expired (held and not approved in time); nothing to approve")
            case let .other(state):
                return .refused("\(target.account): not held (\(state))")
            case .held:
                break
            }
            if approver.uid == authorUID {
                return .refused("\(target.account): \(approver.user) wrote this post and cannot approve it")
            }
            guard approver.isListed(in: target.approvers) else {
                return .refused("\(target.account): \(approver.user) is not one of its approvers")
            }
            if Lateness.isLate(target.holdUntil, now: now, maxLateness: maxLateness) {
                return .refused("\(target.account): its time has passed (expired)")
            }
            return .apply
        }
    }
}
