import Foundation

/// How Herald reads Mastodon's answers to `POST /api/v1/statuses` and `/api/v2/media` (pure).
///
/// | answer | outcome |
/// |---|---|
/// | 200 with an `id` | published, with that id |
/// | 429 | temporary; retry at `X-RateLimit-Reset` |
/// | 408, 5xx | temporary |
/// | 401 (token revoked or wrong), 403 "outside the authorized scopes" | unauthorized: the account is paused |
/// | other 4xx (404 reply target gone, 422 invalid) | permanent, with Mastodon's `error` text |
public enum MastodonReply {
    /// Mastodon's `{"error": "…"}` text, or the start of the body when it is not that shape.
    public static func errorText(_ response: HTTPResponse) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
           let text = object["error"] as? String {
            return text
        }
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "no error text" : String(text.prefix(200))
    }

    /// The `id` of a status or media attachment in a 200/202 body.
    public static func id(_ response: HTTPResponse) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            return nil
        }
        if let id = object["id"] as? String, !id.isEmpty { return id }
        if let id = object["id"] as? NSNumber { return id.stringValue }
        return nil
    }

    /// The outcome of a status request's response; `what` names the request in reasons ("status", "media").
    public static func outcome(_ response: HTTPResponse, what: String = "status") -> PublishOutcome {
        switch response.status {
        case 200, 202:
            guard let id = id(response) else {
                return .temporary(reason: "Mastodon answered \(what) with HTTP \(response.status) but no id",
                                  retryAfter: nil)
            }
            return .published(remoteID: id)
        case 429:
            return .temporary(reason: "Mastodon rate limit (HTTP 429): \(errorText(response))",
                              retryAfter: WindowRateLimit.mastodon(response).reset)
        case 408, 500...599:
            return .temporary(reason: "Mastodon HTTP \(response.status): \(errorText(response))", retryAfter: nil)
        case 401:
            return .unauthorized(reason: "Mastodon refused the access token (HTTP 401): \(errorText(response))")
        case 403 where errorText(response).lowercased().contains("scope"):
            return .unauthorized(reason: "the access token lacks a scope Herald needs (HTTP 403): "
                + errorText(response))
        default:
            return .permanent(reason: "Mastodon refused the \(what) (HTTP \(response.status)): \(errorText(response))")
        }
    }
}
