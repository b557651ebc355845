import Foundation
import HeraldCore

/// One page of `GET /api/v1/accounts/:id/statuses` (pure), and the rule that finds a status in it after an attempt
/// whose outcome is unknown.
///
/// A status matches when its plain text (``MastodonPlainText``) equals the status's, it replies to the same status,
/// its `spoiler_text` is the status's content warning (or both have none), and it was created no earlier than the
/// look-up's `since`. Pages come newest first; the look-up is complete once a page reaches a status older than
/// `since`, or the account has no more statuses (a page shorter than asked, or empty).
public struct MastodonStatusPage: Sendable, Equatable {
    public struct Status: Sendable, Equatable {
        public var id: String
        public var content: String
        public var createdAt: Date?
        public var inReplyTo: String?
        public var spoilerText: String
    }

    /// What one page says about the status looked for.
    public enum Decision: Sendable, Equatable {
        /// Found: the status's id.
        case found(String)
        /// Certainly not published: the page reached statuses older than the window, or the account's last one.
        case absent
        /// Not on this page; the next (older) page starts below this id (`max_id`).
        case next(maxID: String)
    }

    public var statuses: [Status]

    /// Parses a response body; nil when it is not a list of statuses. Reblogs are skipped (they are not the
    /// account's own text).
    public init?(_ body: [UInt8]) {
        guard let items = (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] else { return nil }
        var statuses: [Status] = []
        for item in items {
            guard let id = Self.string(item["id"]) else { return nil }
            if let reblog = item["reblog"], !(reblog is NSNull) { continue }
            statuses.append(Status(
                id: id, content: item["content"] as? String ?? "",
                createdAt: (item["created_at"] as? String).flatMap { RFC3339.date(from: $0) },
                inReplyTo: Self.string(item["in_reply_to_id"]), spoilerText: item["spoiler_text"] as? String ?? ""))
        }
        self.statuses = statuses
        lastID = items.last.flatMap { Self.string($0["id"]) }
        count = items.count
    }

    /// The id of the page's last (oldest) item, reblogs included: where the next page starts.
    public var lastID: String?
    /// How many items the server returned, reblogs included.
    public var count: Int

    /// What this page says about `status` (`inReplyTo` as Mastodon knows it: an id), with `limit` the page size
    /// asked for and `since` the oldest creation time that can still be the status.
    public func decision(for status: OutgoingStatus, inReplyTo: String?, since: Date, limit: Int) -> Decision {
        let wanted = MastodonPlainText.normalized(status.text)
        let warning = MastodonPlainText.normalized(status.contentWarning ?? "")
        for candidate in statuses {
            if let created = candidate.createdAt, created < since { return .absent }
            guard candidate.inReplyTo == inReplyTo,
                  MastodonPlainText.normalized(candidate.spoilerText) == warning,
                  MastodonPlainText.fromHTML(candidate.content) == wanted
            else { continue }
            return .found(candidate.id)
        }
        guard count >= limit, let lastID else { return .absent }
        return .next(maxID: lastID)
    }

    private static func string(_ value: Any?) -> String? {
        if let text = value as? String, !text.isEmpty { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}
