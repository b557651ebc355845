/// What a stored post is (`posts.kind`): a submitted post, by its `Kind:`, or one of a session's disclosures. The
/// store reads and writes it typed (issue 16: kinds used to cross the layers as strings), and it says what the
/// status is to the outbox and exec (`statusKind`) and to the session ledger (`disclosure`).
public enum StoredKind: String, Sendable, Equatable, CaseIterable {
    case post, support, announcement, reminder, closing

    public init(_ kind: PostKind) {
        switch kind {
        case .post: self = .post
        case .support: self = .support
        }
    }

    public init(_ kind: DisclosureKind) {
        switch kind {
        case .announcement: self = .announcement
        case .reminder: self = .reminder
        case .closing: self = .closing
        }
    }

    /// The session disclosure it is, if it is one.
    public var disclosure: DisclosureKind? { DisclosureKind(rawValue: rawValue) }

    /// The outbox's and exec's `kind`: a support answer is a post to the network.
    public var statusKind: StatusKind {
        switch self {
        case .post, .support: .post
        case .announcement: .announcement
        case .reminder: .reminder
        case .closing: .closing
        }
    }
}
