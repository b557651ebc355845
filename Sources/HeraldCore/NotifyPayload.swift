import Foundation

/// The JSON a notification carries, to a webhook's body or a command's stdin:
///
///     {"account": "brand", "at": "2026-11-23T14:00:05Z", "delivery": "1f0e…", "event": "failed",
///      "post_id": "20261123-…", "reason": "x answered 403 …", "scheduled_at": "2026-11-23T14:00:00Z",
///      "text": "We are live!"}
///
/// Every key is always present (null when it does not apply), keys sorted, so the bytes are stable: a retry sends
/// exactly the body (and signature) of the first attempt, and receivers de-duplicate by `delivery`.
public struct NotifyPayload: Sendable, Equatable, Encodable {
    /// The delivery's id (a UUID), the same on every attempt, and in the `X-Herald-Delivery` header.
    public var delivery: String
    public var event: NotifyEvent
    /// When the event happened.
    public var at: Date
    /// The account, or several comma-separated (a file rejected for several accounts), or nil (none known).
    public var account: String?
    /// The post's id; nil for account events (`paused`, `credentials-expiring`) and files rejected unread.
    public var postID: String?
    /// Why: the failure, the policy rule, the approver's reason, the expiry date.
    public var reason: String
    /// The post's first part, when the post is in the database.
    public var text: String?
    /// When the post was (or is) scheduled for this account, when known.
    public var scheduledAt: Date?

    public init(
        delivery: String, event: NotifyEvent, at: Date, account: String?, postID: String?, reason: String,
        text: String?, scheduledAt: Date?
    ) {
        self.delivery = delivery
        self.event = event
        self.at = at
        self.account = account
        self.postID = postID
        self.reason = reason
        self.text = text
        self.scheduledAt = scheduledAt
    }

    enum CodingKeys: String, CodingKey {
        case delivery, event, at, account, reason, text
        case postID = "post_id"
        case scheduledAt = "scheduled_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(delivery, forKey: .delivery)
        try container.encode(event.rawValue, forKey: .event)
        try container.encode(RFC3339.string(from: at), forKey: .at)
        try container.encode(account, forKey: .account)  // Optional.encode writes null
        try container.encode(postID, forKey: .postID)
        try container.encode(reason, forKey: .reason)
        try container.encode(text, forKey: .text)
        try container.encode(scheduledAt.map { RFC3339.string(from: $0) }, forKey: .scheduledAt)
    }

    /// The payload's bytes: compact JSON, keys sorted, slashes unescaped, no trailing newline.
    public var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, a date rendered as a string and nulls: nothing here can fail to encode.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }
}
