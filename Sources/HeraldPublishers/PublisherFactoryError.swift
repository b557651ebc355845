import HeraldCore

/// Why ``PublisherFactory`` cannot make a publisher for an account.
public enum PublisherFactoryError: Error, Equatable, CustomStringConvertible {
    /// An exec account without a `command`.
    case emptyCommand(account: String)
    /// An outbox account whose name cannot be a directory name (empty, `.`, `..`, or containing `/` or NUL).
    case unusableAccountName(account: String)
    /// The account's network has no publisher yet.
    case networkNotSupported(account: String, network: Network)
    /// The account's `credentials` could not be read (or are readable by others).
    case credentials(CredentialError)
    /// A real network's account without `credentials`.
    case missingCredentials(account: String, network: Network)
    /// The credentials file could be read but lacks a key the network needs, or cannot be parsed.
    case networkCredentials(NetworkCredentialsError)

    public var description: String {
        switch self {
        case .emptyCommand(let account):
            "account \(account): network \"exec\" needs a non-empty command"
        case .unusableAccountName(let account):
            "account \"\(account)\": an outbox account's name must be usable as a directory name"
        case .networkNotSupported(let account, let network):
            "account \(account): network \"\(network.rawValue)\" is not supported yet"
        case .credentials(let error):
            error.description
        case .missingCredentials(let account, let network):
            "account \(account): network \"\(network.rawValue)\" needs credentials (a systemd credential name or "
                + "an absolute path to a file readable by the daemon alone)"
        case .networkCredentials(let error):
            error.description
        }
    }
}
