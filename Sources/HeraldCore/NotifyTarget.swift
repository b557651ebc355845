import Foundation

/// One `[[notify]]` entry: where events are delivered (a command or a webhook), which events, and for which
/// accounts. A pure value: the webhook's secret is only named here (a systemd credential or a file), and read by
/// the daemon.
public struct NotifyTarget: Sendable, Equatable {
    /// How a delivery reaches its receiver.
    public enum Endpoint: Sendable, Equatable {
        /// `command = ["/path", "arg"]`: run with the payload on stdin; exit status 0 acknowledges it.
        case command([String])
        /// `webhook = "https://…"`: the payload POSTed as JSON; a 2xx answer acknowledges it.
        case webhook(String)
    }

    /// The entry's name: in the journal (`HERALD_NOTIFY`), in `STATUS=`, and in the database beside each of its
    /// deliveries (renaming an entry orphans the deliveries still waiting under the old name).
    public var name: String
    public var endpoint: Endpoint
    /// The events delivered; all of them by default.
    public var events: Set<NotifyEvent>
    /// Only the events of these accounts; nil for every account's (and for events of no account, such as a file
    /// rejected before any account was known).
    public var accounts: Set<String>?
    /// The webhook's signing secret: a credential name in `$CREDENTIALS_DIRECTORY` or an absolute path (required
    /// for webhooks, nil for commands).
    public var secret: String?
    /// Seconds one delivery may take (the request, or the command's run).
    public var timeout: TimeInterval

    public static let defaultTimeout: TimeInterval = 10

    public init(
        name: String, endpoint: Endpoint, events: Set<NotifyEvent> = Set(NotifyEvent.allCases),
        accounts: Set<String>? = nil, secret: String? = nil, timeout: TimeInterval = NotifyTarget.defaultTimeout
    ) {
        self.name = name
        self.endpoint = endpoint
        self.events = events
        self.accounts = accounts
        self.secret = secret
        self.timeout = timeout
    }

    /// Whether this entry wants `event` of `accounts` (several for a file rejected for several accounts, none for
    /// a file rejected before its accounts were known). With an account filter, one listed account is enough,
    /// and an event of no account is not delivered.
    public func wants(_ event: NotifyEvent, accounts eventAccounts: [String]) -> Bool {
        guard events.contains(event) else { return false }
        guard let accounts else { return true }
        return eventAccounts.contains { accounts.contains($0) }
    }
}
