/// What happens to a notification's delivery (issue 15), as `HERALD_EVENT` with `HERALD_NOTIFY` (the `[[notify]]`
/// entry) and `HERALD_DELIVERY`, each with its own fixed `MESSAGE_ID`, so
/// `journalctl -u herald HERALD_EVENT=notify-failed` lists the notifications nobody received.
public enum NotifyLogEvent: String, Sendable, CaseIterable {
    /// The receiver acknowledged a delivery (debug).
    case delivered = "notify-delivered"
    /// An attempt failed; the delivery is retried with the daemon's backoff (info).
    case retrying = "notify-retrying"
    /// `give_up_after` passed since the delivery's first attempt: it is not sent again (warning).
    case failed = "notify-failed"

    public var messageID: String {
        switch self {
        case .delivered: "9352c2fd6f6a45f59c50aaf0c0f60fb4"
        case .retrying: "e1c58ba35c3d4a02b49b8d91322796f0"
        case .failed: "e8c83f176473496a93136eb3c7ffcb37"
        }
    }
}
