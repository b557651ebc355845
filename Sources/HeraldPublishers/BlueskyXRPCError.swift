import Foundation

/// The `{"error": NAME, "message": TEXT}` body of a failed XRPC call (pure).
public struct BlueskyXRPCError: Sendable, Equatable {
    public var status: Int
    public var name: String
    public var message: String

    public init(status: Int, name: String, message: String) {
        self.status = status
        self.name = name
        self.message = message
    }

    /// The error a response carries (name and message empty when its body is not that shape).
    public init(_ response: HTTPResponse) {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        self.init(status: response.status, name: object?["error"] as? String ?? "",
                  message: object?["message"] as? String ?? "")
    }

    /// The access token has expired: refresh the session and send again (nothing was done).
    public var isExpiredToken: Bool { name == "ExpiredToken" }

    /// The record key is taken: a record with it exists already.
    public var isRecordExists: Bool {
        status == 409 || name == "InvalidSwap" || name == "RecordAlreadyExists"
            || message.lowercased().contains("already exists")
    }

    /// The PDS refused the account: its credentials (a 401 once the session was renewed, `AuthenticationRequired`,
    /// `InvalidToken`) or the account itself (`AccountTakedown`, `AccountDeactivated`). Nothing was done, and no
    /// retry succeeds before a human acts.
    public var isRefusedAccount: Bool {
        status == 401 || ["AuthenticationRequired", "InvalidToken", "AccountTakedown", "AccountDeactivated"]
            .contains(name)
    }

    /// `getRecord` found nothing.
    public var isNotFound: Bool { name == "RecordNotFound" || status == 404 }

    /// For reasons: `HTTP 400 InvalidRequest: message`.
    public var description: String {
        let detail = [name, message].filter { !$0.isEmpty }.joined(separator: ": ")
        return "HTTP \(status)" + (detail.isEmpty ? "" : " \(detail)")
    }

    /// How a failed call is classified: 429 waits for `ratelimit-reset`, 408 and 5xx are temporary, a refused
    /// account (``isRefusedAccount``) unauthorized, other 4xx permanent with Bluesky's own reason.
    public func outcome(_ response: HTTPResponse, what: String) -> PublishOutcome {
        switch status {
        case 429:
            .temporary(reason: "Bluesky rate limit on \(what) (\(description))",
                       retryAfter: WindowRateLimit.bluesky(response).reset)
        case 408, 500...599:
            .temporary(reason: "Bluesky \(what) failed (\(description))", retryAfter: nil)
        case _ where isRefusedAccount:
            .unauthorized(reason: "Bluesky refused the account's credentials for \(what) (\(description))")
        default:
            .permanent(reason: "Bluesky refused \(what) (\(description))")
        }
    }
}
