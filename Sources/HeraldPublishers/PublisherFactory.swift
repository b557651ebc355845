import Foundation
import HeraldCore

/// Makes the publisher an account's `network` calls for.
public enum PublisherFactory {
    /// The publisher for `account`:
    /// - `outbox`: ``OutboxPublisher`` writing into `STATE/outbox/NAME`;
    /// - `exec`: ``ExecPublisher`` running `account.command` with `account.timeout`;
    /// - `x`, `mastodon`, `bluesky`: not yet (``PublisherFactoryError/networkNotSupported(account:network:)``).
    public static func make(for account: Account, stateDirectory: URL) throws(PublisherFactoryError)
        -> any Publisher
    {
        switch account.network {
        case .outbox:
            let name = account.name
            guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
                throw .unusableAccountName(account: name)
            }
            let directory = stateDirectory.appendingPathComponent("outbox", isDirectory: true)
                .appendingPathComponent(account.name, isDirectory: true)
            return OutboxPublisher(directory: directory, account: account.name)
        case .exec:
            guard !account.command.isEmpty, !account.command[0].isEmpty else {
                throw .emptyCommand(account: account.name)
            }
            return ExecPublisher(command: account.command, timeout: account.timeout)
        case .x, .mastodon, .bluesky:
            throw .networkNotSupported(account: account.name, network: account.network)
        }
    }
}
