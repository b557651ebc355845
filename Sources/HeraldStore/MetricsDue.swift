import Foundation

/// A status whose engagement is due to be fetched.
public struct MetricsDue: Sendable, Equatable {
    public var account: String
    public var seq: Int
    public var remoteID: String
    public var publishedAt: Date
    public var dueAt: Date

    public init(account: String, seq: Int, remoteID: String, publishedAt: Date, dueAt: Date) {
        self.account = account
        self.seq = seq
        self.remoteID = remoteID
        self.publishedAt = publishedAt
        self.dueAt = dueAt
    }
}
