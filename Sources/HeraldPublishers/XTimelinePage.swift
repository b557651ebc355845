import Foundation
import HeraldCore

/// One page of `GET /2/users/:id/tweets` (pure), and the rule that finds a status in it.
///
/// X rewrites links to `t.co` addresses, so texts are compared with every `http(s)://…` run replaced by one
/// placeholder and surrounding whitespace trimmed. X's `text` also HTML-escapes `&`, `<` and `>`, and ends with
/// one `t.co` link standing for the attached media; the entities are unescaped and, on a post with media, that
/// last link is dropped (the media count, `attachments.media_keys`, must match instead). A reply must also reply
/// to the same post.
public struct XTimelinePage: Sendable, Equatable {
    public struct Post: Sendable, Equatable {
        public var id: String
        public var text: String
        public var createdAt: Date?
        public var repliedTo: String?
        /// How many media the post carries (`attachments.media_keys`).
        public var mediaCount: Int = 0
    }

    public var posts: [Post]
    /// `meta.next_token`: more (older) posts exist in the window.
    public var nextToken: String?

    /// Parses a response body; nil when it is not a timeline.
    public init?(_ body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
        let data = object["data"] as? [[String: Any]] ?? []
        posts = data.compactMap { item in
            guard let id = item["id"] as? String, let text = item["text"] as? String else { return nil }
            let created = (item["created_at"] as? String).flatMap { RFC3339.date(from: $0) }
            let references = item["referenced_tweets"] as? [[String: Any]] ?? []
            let replied = references.first { $0["type"] as? String == "replied_to" }?["id"] as? String
            let media = (item["attachments"] as? [String: Any])?["media_keys"] as? [Any] ?? []
            return Post(id: id, text: text, createdAt: created, repliedTo: replied, mediaCount: media.count)
        }
        nextToken = (object["meta"] as? [String: Any])?["next_token"] as? String
    }

    /// The id of the post that is `status`: same text (links aside), same reply target, created no earlier than
    /// `since`.
    public func match(_ status: OutgoingStatus, since: Date) -> String? {
        let wanted = Self.comparable(status.text)
        let target = status.inReplyTo.map { XPostID.parse($0) ?? $0 }
        return posts.first { post in
            if let created = post.createdAt, created < since { return false }
            if post.repliedTo != target { return false }
            if post.mediaCount != status.media.count { return false }
            return Self.comparable(Self.plainText(post.text, hasMedia: post.mediaCount > 0)) == wanted
        }?.id
    }

    /// The text that was posted, from the `text` X lists: the trailing media link dropped when `hasMedia`, and
    /// `&lt;` `&gt;` `&amp;` unescaped (`&amp;` last, so an escaped `&lt;` stays `&lt;`).
    static func plainText(_ text: String, hasMedia: Bool) -> String {
        var text = text
        if hasMedia {
            text = text.replacing(/\s*https:\/\/t\.co\/\w+\s*$/, with: "")
        }
        return text.replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&amp;", with: "&")
    }

    /// Text with links replaced by a placeholder and the ends trimmed.
    static func comparable(_ text: String) -> String {
        let pattern = /https?:\/\/\S+/
        return text.replacing(pattern, with: "<link>").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
