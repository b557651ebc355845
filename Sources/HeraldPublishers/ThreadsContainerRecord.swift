import Foundation

/// What Herald wrote down about one status's Threads media container, in
/// `STATE/networks/ACCOUNT/threads-containers.json`, keyed by the status's idempotency key.
///
/// Threads has no idempotency key, so this record is what makes publishing exactly once: the container id is saved
/// before `threads_publish` is called, a container is never published twice, and after an unknown outcome its
/// status is asked (PUBLISHED means done) before anything new is created.
public struct ThreadsContainerRecord: Sendable, Codable, Equatable {
    public var container: String
    public var createdAt: Date
    /// The post's media id, once `threads_publish` answered (or a look-up found it).
    public var mediaID: String?
    /// When it was published, for the publishing limits' moving window.
    public var publishedAt: Date?
    /// Whether it was a reply (the reply quota) rather than a post (the post quota).
    public var isReply: Bool

    public init(container: String, createdAt: Date, mediaID: String? = nil, publishedAt: Date? = nil,
                isReply: Bool) {
        self.container = container
        self.createdAt = createdAt
        self.mediaID = mediaID
        self.publishedAt = publishedAt
        self.isReply = isReply
    }

    /// A published post's record is kept this long (it counts in the publishing limits for a day), then dropped
    /// when the file is next written; unpublished ones are kept until their post is.
    public static let retention: TimeInterval = 7 * 86_400

    enum CodingKeys: String, CodingKey {
        case container
        case createdAt = "created_at"
        case mediaID = "media_id"
        case publishedAt = "published_at"
        case isReply = "is_reply"
    }
}
