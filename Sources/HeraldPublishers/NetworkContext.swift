import Foundation
import HeraldCore

/// Everything a network publisher (X, Mastodon, Bluesky, Threads, LinkedIn) is made from, handed over by
/// ``PublisherFactory``.
public struct NetworkContext: Sendable {
    /// The configured account (`base_url`, `timeout`, `name`, …).
    public var account: Account
    /// The account's parsed secrets.
    public var credentials: NetworkCredentials
    /// The HTTP transport, shared by all publishers of the daemon.
    public var transport: any HTTPTransport
    /// `STATE/networks/ACCOUNT`: where the publisher keeps what must survive restarts (OAuth tokens, sessions,
    /// cached instance information), as 0600 files written with ``AtomicFile``. Created on first write.
    public var stateDirectory: URL

    public init(account: Account, credentials: NetworkCredentials, transport: any HTTPTransport, stateDirectory: URL) {
        self.account = account
        self.credentials = credentials
        self.transport = transport
        self.stateDirectory = stateDirectory
    }

    /// The account's `base_url` without a trailing slash, or `fallback` when none is configured.
    public func baseURL(default fallback: String) -> String {
        var url = account.baseURL ?? fallback
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
