/// What a post is for (`Kind:`): an ordinary post, or an answer to a customer that belongs on a support account.
public enum PostKind: String, Sendable, Hashable, CaseIterable, Codable {
    case post
    case support
}
