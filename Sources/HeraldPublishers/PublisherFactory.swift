import Foundation
import HeraldCore

/// Makes the publisher an account's `network` calls for.
public enum PublisherFactory {
    /// The publisher for `account`:
    /// - `outbox`: ``OutboxPublisher`` writing into `STATE/outbox/NAME`;
    /// - `exec`: ``ExecPublisher`` running `account.command` with `account.timeout`;
    /// - `x`, `mastodon`, `bluesky`, `threads`, `linkedin`: the network's publisher, made from a
    ///   ``NetworkContext`` (credentials are required; their keys are checked by the publisher's initializer),
    ///   sharing `transport`.
    ///
    /// An account with `credentials` has them read here, at start and on every reload, so a missing or
    /// too-open secret stops the daemon (or the reload) with a clear reason instead of failing at publish time.
    public static func make(
        for account: Account, stateDirectory: URL, credentials source: CredentialSource = CredentialSource(),
        transport: any HTTPTransport = AsyncHTTPTransport.shared
    ) throws(PublisherFactoryError) -> any Publisher {
        try prepare(for: account, stateDirectory: stateDirectory, credentials: source, transport: transport).publisher
    }

    /// ``make(for:stateDirectory:credentials:transport:)``, with the digest of the credentials it was made with
    /// (to tell, on a reload, whether a paused account got new ones).
    public static func prepare(
        for account: Account, stateDirectory: URL, credentials source: CredentialSource = CredentialSource(),
        transport: any HTTPTransport = AsyncHTTPTransport.shared
    ) throws(PublisherFactoryError) -> AccountPublisher {
        var secret: String?
        if let reference = account.credentials {
            do {
                secret = try source.read(reference, account: account.name)
            } catch {
                throw .credentials(error)
            }
        }
        let publisher = try make(for: account, secret: secret, stateDirectory: stateDirectory, transport: transport)
        return AccountPublisher(
            publisher: publisher, credentials: secret.map { AccountPublisher.digest(account: account, secret: $0) })
    }

    private static func make(
        for account: Account, secret: String?, stateDirectory: URL, transport: any HTTPTransport
    ) throws(PublisherFactoryError) -> any Publisher {
        if account.network.isRealNetwork {
            let context = try networkContext(
                for: account, secret: secret, stateDirectory: stateDirectory, transport: transport)
            do throws(NetworkCredentialsError) {
                switch account.network {
                case .x: return try XPublisher(context: context)
                case .mastodon: return try MastodonPublisher(context: context)
                case .bluesky: return try BlueskyPublisher(context: context)
                case .threads: return try ThreadsPublisher(context: context)
                case .linkedin: return try LinkedInPublisher(context: context)
                default: break
                }
            } catch {
                throw .networkCredentials(error)
            }
            throw .networkNotSupported(account: account.name, network: account.network)
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
        case .x, .mastodon, .bluesky, .threads, .linkedin:
            throw .networkNotSupported(account: account.name, network: account.network)
        }
    }

    /// The context of a real network's account: its parsed credentials and `STATE/networks/NAME`.
    static func networkContext(
        for account: Account, secret: String?, stateDirectory: URL, transport: any HTTPTransport
    ) throws(PublisherFactoryError) -> NetworkContext {
        guard let secret else { throw .missingCredentials(account: account.name, network: account.network) }
        let name = account.name
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
            throw .unusableAccountName(account: name)
        }
        let credentials: NetworkCredentials
        do {
            credentials = try NetworkCredentials(account: name, text: secret)
        } catch {
            throw .networkCredentials(error)
        }
        let directory = stateDirectory.appendingPathComponent("networks", isDirectory: true)
            .appendingPathComponent(name, isDirectory: true)
        return NetworkContext(
            account: account, credentials: credentials, transport: transport, stateDirectory: directory)
    }
}
