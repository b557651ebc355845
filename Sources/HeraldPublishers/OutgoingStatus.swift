import Foundation
import HeraldCore

/// One status to publish: a post, or one part of a thread, for one account.
///
/// Its `Codable` form is the JSON an exec command reads on stdin (see ``ExecPublisher``): snake_case keys
/// (`seq`, `post_id`, `part`, `part_count`, `in_reply_to`, `text`, `scheduled_at`, `author`, `kind`, `account`,
/// `language`, `idempotency_key`), `null` for absent optionals, and `scheduled_at` as an RFC 3339 UTC string
/// (whatever the encoder's date strategy), so the form is the same wherever it is stored or sent. `media`
/// (`[{"path", "alt"}]`) is written only when the status has attachments and read as `[]` when absent, so the form
/// stays what it was for statuses without media. `content_warning` (the post's `Content-Warning:`, on every part)
/// is always written, `null` when the post has none, like the other optionals; it is read as nil when absent.
public struct OutgoingStatus: Sendable, Codable, Equatable {
    /// The post this status belongs to (Herald's own id, the same for every part of a thread).
    public var postID: String
    /// The configured account name it is published with.
    public var account: String
    /// 0-based index of this part in its thread; 0 for a single status.
    public var part: Int
    /// How many parts the thread has; 1 for a single status.
    public var partCount: Int
    /// The account's 1-based status sequence number, assigned by the caller before the first attempt and kept
    /// across retries; the outbox names its files by it.
    public var seq: Int
    /// The exact text to publish (hashtags and reminders already applied).
    public var text: String
    /// The remote id of the status this one replies to (the previous part of a thread), or nil.
    public var inReplyTo: String?
    /// When the status was scheduled to go out.
    public var scheduledAt: Date
    /// Who wrote it (`Author:`), when known.
    public var author: String?
    /// Why it is published.
    public var kind: StatusKind
    /// BCP 47 language tag (`en`, `fr`, `nb`).
    public var language: String
    /// A key that is stable for this post and part across retries and restarts, supplied by the caller; networks
    /// with an idempotency mechanism use it so a retry after an unknown outcome cannot publish twice.
    public var idempotencyKey: String
    /// Files to upload and attach (`Media:` headers), in order; empty for most statuses.
    public var media: [MediaAttachment]
    /// The post's `Content-Warning:`: Mastodon's `spoiler_text`, the same on every part of a thread; nil for none.
    /// X and Bluesky have no such field and ignore it.
    public var contentWarning: String?

    public init(
        postID: String, account: String, part: Int = 0, partCount: Int = 1, seq: Int, text: String,
        inReplyTo: String? = nil, scheduledAt: Date, author: String? = nil, kind: StatusKind = .post,
        language: String = "en", idempotencyKey: String, media: [MediaAttachment] = [], contentWarning: String? = nil
    ) {
        self.postID = postID
        self.account = account
        self.part = part
        self.partCount = partCount
        self.seq = seq
        self.text = text
        self.inReplyTo = inReplyTo
        self.scheduledAt = scheduledAt
        self.author = author
        self.kind = kind
        self.language = language
        self.idempotencyKey = idempotencyKey
        self.media = media
        self.contentWarning = contentWarning
    }

    /// Why this status cannot be published by any publisher (a caller bug), or nil when it is well-formed.
    var problem: String? {
        if seq < 1 { return "seq \(seq) is not a positive sequence number" }
        if partCount < 1 { return "part_count \(partCount) is less than 1" }
        if part < 0 || part >= partCount { return "part \(part) is outside 0..<\(partCount)" }
        if postID.isEmpty { return "post_id is empty" }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case postID = "post_id"
        case account
        case part
        case partCount = "part_count"
        case seq
        case text
        case inReplyTo = "in_reply_to"
        case scheduledAt = "scheduled_at"
        case author
        case kind
        case language
        case idempotencyKey = "idempotency_key"
        case media
        case contentWarning = "content_warning"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        postID = try container.decode(String.self, forKey: .postID)
        account = try container.decode(String.self, forKey: .account)
        part = try container.decode(Int.self, forKey: .part)
        partCount = try container.decode(Int.self, forKey: .partCount)
        seq = try container.decode(Int.self, forKey: .seq)
        text = try container.decode(String.self, forKey: .text)
        inReplyTo = try container.decodeIfPresent(String.self, forKey: .inReplyTo)
        scheduledAt = try RFC3339.decode(from: container, forKey: .scheduledAt)
        author = try container.decodeIfPresent(String.self, forKey: .author)
        kind = try container.decode(StatusKind.self, forKey: .kind)
        language = try container.decode(String.self, forKey: .language)
        idempotencyKey = try container.decode(String.self, forKey: .idempotencyKey)
        media = try container.decodeIfPresent([MediaAttachment].self, forKey: .media) ?? []
        contentWarning = try container.decodeIfPresent(String.self, forKey: .contentWarning)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(postID, forKey: .postID)
        try container.encode(account, forKey: .account)
        try container.encode(part, forKey: .part)
        try container.encode(partCount, forKey: .partCount)
        try container.encode(seq, forKey: .seq)
        try container.encode(text, forKey: .text)
        try container.encode(inReplyTo, forKey: .inReplyTo)  // null when nil, never left out
        try container.encode(RFC3339.string(from: scheduledAt), forKey: .scheduledAt)
        try container.encode(author, forKey: .author)
        try container.encode(kind, forKey: .kind)
        try container.encode(language, forKey: .language)
        try container.encode(idempotencyKey, forKey: .idempotencyKey)
        if !media.isEmpty { try container.encode(media, forKey: .media) }
        try container.encode(contentWarning, forKey: .contentWarning)  // null when nil, never left out
    }
}
