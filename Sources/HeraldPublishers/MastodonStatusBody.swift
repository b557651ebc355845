import Foundation
import HeraldCore

/// The JSON body of `POST /api/v1/statuses` for one status (pure).
public enum MastodonStatusBody {
    /// `status`, `visibility`, `language`, and when present `in_reply_to_id`, `spoiler_text` and `media_ids`.
    public static func make(
        _ status: OutgoingStatus, visibility: MastodonVisibility, spoilerText: String? = nil, mediaIDs: [String] = []
    ) -> [UInt8] {
        var object: [String: Any] = [
            "status": status.text,
            "visibility": visibility.rawValue,
            "language": status.language,
        ]
        if let reply = status.inReplyTo { object["in_reply_to_id"] = reply }
        if let spoilerText, !spoilerText.isEmpty { object["spoiler_text"] = spoilerText }
        if !mediaIDs.isEmpty { object["media_ids"] = mediaIDs }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }
}
