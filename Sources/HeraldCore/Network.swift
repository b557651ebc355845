/// Where an account's statuses go. `outbox` and `exec` are local stand-ins; the rest are real networks.
public enum Network: String, Sendable, CaseIterable, Codable {
    case outbox
    case exec
    case x
    case mastodon
    case bluesky
    case threads
    case linkedin

    /// The networks whose length rules an account can follow (`counts_as`).
    public var isRealNetwork: Bool { self != .outbox && self != .exec }
}
