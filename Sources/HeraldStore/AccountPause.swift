import Foundation

/// An account paused because its network refused its credentials: its posts wait (none is attempted, none fails)
/// until the daemon is given credentials other than the ones refused.
public struct AccountPause: Sendable, Equatable {
    public var account: String
    /// What the network said (no secret: publishers never put one in a reason).
    public var reason: String
    public var pausedAt: Date
    /// A digest of the credentials that were refused (see `PublisherFactory`), or nil for an account without a
    /// credentials reference (an exec command keeps its own secrets: any reload resumes it).
    public var credentials: String?

    public init(account: String, reason: String, pausedAt: Date, credentials: String?) {
        self.account = account
        self.reason = reason
        self.pausedAt = pausedAt
        self.credentials = credentials
    }

    /// Whether the account may be tried again with credentials whose digest is `current`: only when they differ
    /// from the refused ones, or when there is no digest to compare.
    public func resumes(withCredentials current: String?) -> Bool {
        guard let credentials, let current else { return true }
        return credentials != current
    }
}
