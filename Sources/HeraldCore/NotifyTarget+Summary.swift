import Foundation

extension NotifyTarget {
    /// One line for `herald check-config`: `chat: webhook https://… signed with chat-webhook; events failed,
    /// paused; accounts ceo; timeout 10s`. The secret is named, never read.
    public var summary: String {
        let endpoint = switch endpoint {
        case let .command(command): "command " + command.joined(separator: " ")
        case let .webhook(url): "webhook \(url) signed with \(secret ?? "nothing")"
        }
        let chosen = events == Set(NotifyEvent.allCases) ? "all events"
            : "events " + NotifyEvent.allCases.filter(events.contains).map(\.rawValue).joined(separator: ", ")
        let scope = accounts.map { "accounts " + $0.sorted().joined(separator: ", ") } ?? "all accounts"
        let seconds = timeout == timeout.rounded() ? "\(Int(timeout))s" : "\(timeout)s"
        return "\(name): \(endpoint); \(chosen); \(scope); timeout \(seconds)"
    }
}
