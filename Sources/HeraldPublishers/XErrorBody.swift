import Foundation

/// What an X error response says (pure): v2 bodies are `{"title", "detail", "type", "errors": [{"message"}]}`,
/// older ones `{"errors": [{"code", "message"}]}`, OAuth 2.0 ones `{"error", "error_description"}`.
public struct XErrorBody: Sendable, Equatable {
    /// The most specific human text X gave (`detail`, else the first `errors[].message`, else `title`, else the
    /// raw body cut to 300 characters).
    public var reason: String

    public init(_ body: [UInt8]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let messages = (object?["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        if let detail = object?["detail"] as? String, !detail.isEmpty {
            reason = detail
        } else if let message = messages.first {
            reason = message
        } else if let description = object?["error_description"] as? String {
            reason = (object?["error"] as? String).map { "\($0): \(description)" } ?? description
        } else if let title = object?["title"] as? String {
            reason = title
        } else {
            let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            reason = text.isEmpty ? "(empty body)" : String(text.prefix(300))
        }
    }

    /// X's refusal of a post whose text equals one of the user's recent posts.
    public var isDuplicateContent: Bool {
        reason.range(of: "duplicate content", options: .caseInsensitive) != nil
    }
}
