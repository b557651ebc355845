import Foundation
import HeraldCore

/// One file of an outbox directory (DESIGN, "Outbox (Contract)"): a published status as JSON.
///
/// The JSON has exactly the contract's fields: `seq` and `part` (numbers), `id`, `post_id`, `text` and `kind`
/// (strings), `in_reply_to` and `author` (string or `null`, never left out), `scheduled_at` and `published_at`
/// (RFC 3339 UTC strings, milliseconds only when not a whole second; see ``RFC3339``). A compatible extension:
/// `media` (`[{"path", "alt"}]`) is present only on records of statuses with attachments, and `content_warning`
/// (a string) only on records of posts with a `Content-Warning:`.
public struct OutboxRecord: Sendable, Codable, Equatable {
    /// The account's status sequence number; also the file's name (`%08d.json`).
    public var seq: Int
    /// The remote id the outbox gave the status (``OutboxPublisher/remoteID(account:seq:)``).
    public var id: String
    /// `post_id`: Herald's id of the post the status belongs to.
    public var postID: String
    /// 0-based part of the thread.
    public var part: Int
    /// `in_reply_to`: the remote id of the status this one replies to, or nil (`null`).
    public var inReplyTo: String?
    /// The published text.
    public var text: String
    /// `scheduled_at`: when the status was due.
    public var scheduledAt: Date
    /// `published_at`: when the outbox wrote it (the attempt's `now`).
    public var publishedAt: Date
    /// Who wrote it, or nil (`null`).
    public var author: String?
    /// Why it was published.
    public var kind: StatusKind
    /// The attached files (`Media:`), usually none.
    public var media: [MediaAttachment]
    /// `content_warning`: the post's `Content-Warning:`, or nil (then left out of the JSON).
    public var contentWarning: String?

    public init(
        seq: Int, id: String, postID: String, part: Int, inReplyTo: String?, text: String, scheduledAt: Date,
        publishedAt: Date, author: String?, kind: StatusKind, media: [MediaAttachment] = [],
        contentWarning: String? = nil
    ) {
        self.seq = seq
        self.id = id
        self.postID = postID
        self.part = part
        self.inReplyTo = inReplyTo
        self.text = text
        self.scheduledAt = scheduledAt
        self.publishedAt = publishedAt
        self.author = author
        self.kind = kind
        self.media = media
        self.contentWarning = contentWarning
    }

    /// The record for `status` published with `id` at `publishedAt`.
    public init(status: OutgoingStatus, id: String, publishedAt: Date) {
        self.init(
            seq: status.seq, id: id, postID: status.postID, part: status.part, inReplyTo: status.inReplyTo,
            text: status.text, scheduledAt: status.scheduledAt, publishedAt: publishedAt, author: status.author,
            kind: status.kind, media: status.media, contentWarning: status.contentWarning)
    }

    /// The file content: one line of JSON with sorted keys and a trailing newline, so `cat outbox/*` is JSON Lines.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Parses a file's content.
    public static func decode(_ data: Data) throws -> OutboxRecord {
        try JSONDecoder().decode(OutboxRecord.self, from: data)
    }

    enum CodingKeys: String, CodingKey {
        case seq
        case id
        case postID = "post_id"
        case part
        case inReplyTo = "in_reply_to"
        case text
        case scheduledAt = "scheduled_at"
        case publishedAt = "published_at"
        case author
        case kind
        case media
        case contentWarning = "content_warning"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seq = try container.decode(Int.self, forKey: .seq)
        id = try container.decode(String.self, forKey: .id)
        postID = try container.decode(String.self, forKey: .postID)
        part = try container.decode(Int.self, forKey: .part)
        inReplyTo = try container.decodeIfPresent(String.self, forKey: .inReplyTo)
        text = try container.decode(String.self, forKey: .text)
        scheduledAt = try RFC3339.decode(from: container, forKey: .scheduledAt)
        publishedAt = try RFC3339.decode(from: container, forKey: .publishedAt)
        author = try container.decodeIfPresent(String.self, forKey: .author)
        kind = try container.decode(StatusKind.self, forKey: .kind)
        media = try container.decodeIfPresent([MediaAttachment].self, forKey: .media) ?? []
        contentWarning = try container.decodeIfPresent(String.self, forKey: .contentWarning)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(id, forKey: .id)
        try container.encode(postID, forKey: .postID)
        try container.encode(part, forKey: .part)
        try container.encode(inReplyTo, forKey: .inReplyTo)  // null when nil, never left out
        try container.encode(text, forKey: .text)
        try container.encode(RFC3339.string(from: scheduledAt), forKey: .scheduledAt)
        try container.encode(RFC3339.string(from: publishedAt), forKey: .publishedAt)
        try container.encode(author, forKey: .author)
        try container.encode(kind, forKey: .kind)
        if !media.isEmpty { try container.encode(media, forKey: .media) }
        if let contentWarning { try container.encode(contentWarning, forKey: .contentWarning) }
    }
}
