import Foundation
import HeraldCore

/// Makes the publisher an account's `network` calls for.
public enum PublisherFactory {
    /// The publisher for `account`:
    /// - `outbox`: ``OutboxPublisher`` writing into `STATE/outbox/NAME`;
    /// - `exec`: ``ExecPublisher`` running `account.command` with `account.timeout`;
    /// - `x`, `mastodon`, `bluesky`: not yet (``PublisherFactoryError/networkNotSupported(account:network:)``).
    ///
    /// An account with `credentials` has them read here, at start and on every reload, so a missing or
    /// too-open secret stops the daemon (or the reload) with a clear reason instead of failing at publish time.
    public static func make(
        for account: Account, stateDirectory: URL, credentials source: CredentialSource = CredentialSource()
    ) throws(PublisherFactoryError) -> any Publisher {
        if let reference = account.credentials {
            do {
                _ = try source.read(reference, account: account.name)
            } catch {
                throw .credentials(error)
            }
        }
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
