import Foundation

/// A row of `herald nodes`.
public struct NodeRecord: Sendable, Equatable {
    public struct Claim: Sendable, Equatable {
        public var account: String
        public var since: Date
        public var leaseUntil: Date
    }

    public var name: String
    public var instance: String
    public var host: String
    public var pid: Int
    public var startedAt: Date
    public var seenAt: Date
    /// When it stopped cleanly; nil while it runs (or when it died without saying so).
    public var leftAt: Date?
    public var claims: [Claim]
}
