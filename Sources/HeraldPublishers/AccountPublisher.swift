import Foundation
import HeraldCore

/// An account's publisher and a digest of the credentials it was made with.
public struct AccountPublisher: Sendable {
    public var publisher: any Publisher
    /// SHA-256 (hex) of the account, its network, base URL and secret; nil for an account without credentials.
    /// It tells whether the credentials changed (a paused account resumes only then) without keeping them.
    public var credentials: String?

    public init(publisher: any Publisher, credentials: String?) {
        self.publisher = publisher
        self.credentials = credentials
    }

    static func digest(account: Account, secret: String) -> String {
        let material = ["herald-credentials-v1", account.name, account.network.rawValue, account.baseURL ?? "", secret]
            .joined(separator: "\u{0}")
        return SecretDigest.hex(material)
    }
}
