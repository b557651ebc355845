import Foundation

/// One page of `GET /rest/posts?q=author` (newest first: `id`, `commentary`, `createdAt` ms) or of
/// `GET /rest/socialActions/{urn}/comments` (oldest first: `$URN` or `id`, `message.text`, `created.time` ms)
/// (pure).
struct LinkedInListPage: Sendable, Equatable {
    struct Item: Sendable, Equatable {
        var id: String
        var text: String
        var created: Date?
    }

    enum Decision: Sendable, Equatable {
        case found(String)
        case absent
        case next
    }

    var items: [Item]
    /// Whether more items follow this page (`paging.total`, or a full page when there is none).
    var hasMore: Bool

    init(items: [Item], hasMore: Bool) {
        self.items = items
        self.hasMore = hasMore
    }

    init?(_ body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let elements = object["elements"] as? [[String: Any]]
        else { return nil }
        items = elements.compactMap { element in
            let id = element["$URN"] as? String ?? element["id"] as? String
                ?? (element["id"] as? NSNumber)?.stringValue
            guard let id else { return nil }
            let text = element["commentary"] as? String
                ?? (element["message"] as? [String: Any])?["text"] as? String ?? ""
            let millis = (element["createdAt"] as? NSNumber)
                ?? ((element["created"] as? [String: Any])?["time"] as? NSNumber)
            return Item(id: id, text: text, created: millis.map { Date(timeIntervalSince1970: $0.doubleValue / 1000) })
        }
        let paging = object["paging"] as? [String: Any]
        if let total = (paging?["total"] as? NSNumber)?.intValue,
           let start = (paging?["start"] as? NSNumber)?.intValue {
            hasMore = start + elements.count < total
        } else {
            hasMore = !elements.isEmpty && elements.count >= ((paging?["count"] as? NSNumber)?.intValue ?? Int.max)
        }
    }

    /// The item whose text is one of `texts` (as sent, or as LinkedIn may show it), made at or after `since`.
    /// Newest-first lists end the search at the first older item.
    func decision(texts: [String], since: Date, newestFirst: Bool) -> Decision {
        for item in items {
            if let created = item.created, created < since {
                if newestFirst { return .absent }
                continue
            }
            if texts.contains(item.text) { return .found(item.id) }
        }
        return hasMore ? .next : .absent
    }
}
