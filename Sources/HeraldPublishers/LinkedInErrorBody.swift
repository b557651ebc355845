import Foundation

/// The `{"status", "code", "message", "serviceErrorCode", "errorDetails"}` body of a failed LinkedIn REST call,
/// and how Herald classifies it (pure):
///
/// | answer | outcome |
/// |---|---|
/// | 401 (token invalid, expired, revoked); 403 (a permission missing, e.g. `w_member_social`) | unauthorized |
/// | 429 (throttled) | temporary, at `Retry-After` when given |
/// | 408, 5xx | temporary (for a post: its outcome is unknown, looked up before a retry) |
/// | 422 `DUPLICATE_POST` | the earlier attempt's post when one had an unknown outcome, else permanent |
/// | other 4xx (422 invalid, 400, 404, 426 retired `LinkedIn-Version`) | permanent, with LinkedIn's message |
public struct LinkedInErrorBody: Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String
    /// The URN of the post LinkedIn says this one duplicates (`DUPLICATE_POST`), if it names one.
    public var duplicateOf: String?

    public init(_ response: HTTPResponse) {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        status = response.status
        code = object?["code"] as? String ?? ""
        message = object?["message"] as? String ?? String(response.text.prefix(200))
        let text = response.text
        duplicateOf = text.contains("DUPLICATE_POST") ? Self.postURN(in: message) ?? Self.postURN(in: text) : nil
    }

    /// The first `urn:li:share:…` or `urn:li:ugcPost:…` in `text`.
    static func postURN(in text: String) -> String? {
        for prefix in ["urn:li:share:", "urn:li:ugcPost:"] {
            guard let range = text.range(of: prefix) else { continue }
            let id = text[range.upperBound...].prefix { $0.isASCII && ($0.isNumber || $0.isLetter) }
            if !id.isEmpty { return prefix + id }
        }
        return nil
    }

    /// For reasons: `HTTP 422 CODE: message`.
    public var description: String {
        "HTTP \(status)" + (code.isEmpty ? "" : " \(code)") + (message.isEmpty ? "" : ": \(message)")
    }

    /// The outcome of a failed call other than a duplicate; `what` names it.
    public func outcome(what: String, retryAfter: Date?) -> PublishOutcome {
        switch status {
        case 401, 403:
            .unauthorized(reason: "LinkedIn refused the access token for \(what) (\(description))")
        case 429:
            .temporary(reason: "LinkedIn throttled \(what) (\(description))", retryAfter: retryAfter)
        case 408, 500...:
            .temporary(reason: "LinkedIn failed \(what) (\(description))", retryAfter: nil)
        default:
            .permanent(reason: "LinkedIn refused \(what) (\(description))")
        }
    }
}
