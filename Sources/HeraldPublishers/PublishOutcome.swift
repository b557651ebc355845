import Foundation

/// How one publish attempt ended, classified the way nullmailer classifies deliveries: every attempt is exactly one
/// of success, temporary failure (try again later) or permanent failure (never try this status again).
public enum PublishOutcome: Sendable, Equatable {
    /// The network accepted the status; `remoteID` is what replies refer to (`in_reply_to`).
    case published(remoteID: String)
    /// The attempt failed for a reason that may go away (disk full, network down, rate limit, timeout).
    /// `retryAfter`, when the network said so, is the earliest moment a retry may succeed; otherwise the caller's
    /// backoff decides.
    case temporary(reason: String, retryAfter: Date?)
    /// The attempt failed for a reason retrying cannot fix (rejected content, conflict, misconfiguration).
    case permanent(reason: String)
    /// The network refused the account's credentials (a 401, a refused token refresh or login): nothing was
    /// published, and no attempt can succeed before a human replaces them. The status is not at fault, so the
    /// caller pauses the account and keeps its posts waiting rather than failing them.
    case unauthorized(reason: String)
}
