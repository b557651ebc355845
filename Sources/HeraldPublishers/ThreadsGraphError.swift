import Foundation

/// The `{"error": {"message", "type", "code", "error_subcode"}}` body of a failed Threads (Graph API) call, and
/// how Herald classifies it (pure). Graph answers most errors with HTTP 400 whatever their cause, so the `code`
/// decides, not the status:
///
/// | answer | outcome |
/// |---|---|
/// | code 190 (token invalid, expired or revoked) | unauthorized: the account is paused |
/// | HTTP 429; codes 4, 17, 32, 613 (call or publishing limits) | temporary |
/// | code 24 / subcode 4279009, 2207027 (the container is not ready yet); HTTP 408, 5xx; codes 1, 2 | temporary |
/// | anything else (code 100 invalid parameter, …) | permanent, with Meta's message |
public struct ThreadsGraphError: Sendable, Equatable {
    public var status: Int
    public var code: Int?
    public var subcode: Int?
    public var message: String

    public init(status: Int, code: Int?, subcode: Int?, message: String) {
        self.status = status
        self.code = code
        self.subcode = subcode
        self.message = message
    }

    /// The error a response carries (code and message empty when its body is not that shape).
    public init(_ response: HTTPResponse) {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        self.init(
            status: response.status, code: (error?["code"] as? NSNumber)?.intValue,
            subcode: (error?["error_subcode"] as? NSNumber)?.intValue,
            message: error?["message"] as? String ?? String(response.text.prefix(200)))
    }

    /// The token is no good: a human must authorize the app again.
    public var isTokenRefused: Bool { code == 190 }

    /// A call or publishing limit was reached.
    public var isRateLimit: Bool { status == 429 || [4, 17, 32, 613].contains(code ?? 0) }

    /// The container is still being processed.
    public var isNotReady: Bool { code == 24 || [4_279_009, 2_207_027].contains(subcode ?? 0) }

    /// For reasons: `HTTP 400, code 100: message`.
    public var description: String {
        "HTTP \(status)" + (code.map { ", code \($0)" } ?? "") + (message.isEmpty ? "" : ": \(message)")
    }

    /// The outcome of a failed call; `what` names it in reasons ("the post", "the container").
    public func outcome(what: String, retryAfter: Date? = nil) -> PublishOutcome {
        if isTokenRefused {
            return .unauthorized(reason: "Threads refused the access token for \(what) (\(description))")
        }
        if isRateLimit {
            return .temporary(reason: "Threads limit reached for \(what) (\(description))", retryAfter: retryAfter)
        }
        if isNotReady || status == 408 || status >= 500 || code == 1 || code == 2 {
            return .temporary(reason: "Threads could not take \(what) now (\(description))", retryAfter: nil)
        }
        return .permanent(reason: "Threads refused \(what) (\(description))")
    }
}
