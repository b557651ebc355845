import Foundation
import HeraldCore

/// One page of `GET /{user-id}/threads` (or `/replies`), newest first (pure): `{"data": [{"id", "text",
/// "timestamp"}], "paging": {"cursors": {"after"}, "next"?}}`.
struct ThreadsPostPage: Sendable, Equatable {
    struct Post: Sendable, Equatable {
        var id: String
        var text: String
        var timestamp: Date?
    }

    enum Decision: Sendable, Equatable {
        case found(String)
        /// The listed posts reach back before `since` without a match.
        case absent
        /// Read on from this cursor.
        case next(String)
    }

    var posts: [Post]
    /// The cursor of the next page, when Threads says there is one.
    var next: String?

    init(posts: [Post], next: String?) {
        self.posts = posts
        self.next = next
    }

    init?(_ body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let data = object["data"] as? [[String: Any]]
        else { return nil }
        posts = data.compactMap { item in
            guard let id = (item["id"] as? String) ?? (item["id"] as? NSNumber)?.stringValue else { return nil }
            return Post(id: id, text: item["text"] as? String ?? "",
                        timestamp: (item["timestamp"] as? String).flatMap(Self.date))
        }
        let paging = object["paging"] as? [String: Any]
        let after = (paging?["cursors"] as? [String: Any])?["after"] as? String
        next = paging?["next"] != nil ? after : nil
    }

    /// The newest post with exactly `text` created at or after `since`.
    func decision(text: String, since: Date) -> Decision {
        for post in posts {
            if let stamp = post.timestamp, stamp < since { return .absent }
            if post.text == text { return .found(post.id) }
        }
        guard let next, !posts.isEmpty else { return .absent }
        return .next(next)
    }

    /// Threads writes `2026-12-04T17:30:00+0000` (no colon in the offset), which RFC 3339 parsing needs.
    static func date(_ text: String) -> Date? {
        if let date = RFC3339.date(from: text) { return date }
        guard text.count >= 5 else { return nil }
        let offset = text.suffix(5)
        guard offset.first == "+" || offset.first == "-", offset.dropFirst().allSatisfy(\.isNumber) else { return nil }
        return RFC3339.date(from: text.dropLast(5) + offset.prefix(3) + ":" + offset.suffix(2))
    }
}
