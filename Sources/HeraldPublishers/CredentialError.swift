/// Why an account's secret could not be read. Never carries the secret itself.
public enum CredentialError: Error, Equatable, CustomStringConvertible {
    /// A bare credential name, but the daemon was not started with `LoadCredential=` (no `$CREDENTIALS_DIRECTORY`).
    case noCredentialsDirectory(account: String, name: String)
    /// A path that is not absolute, or a name with characters systemd does not allow.
    case badReference(account: String, reference: String)
    case unreadable(account: String, path: String, reason: String)
    /// Readable or writable by group or others: refused, as ssh refuses such keys.
    case tooOpen(account: String, path: String, mode: UInt32)
    /// Owned by someone else than the daemon's user or root.
    case wrongOwner(account: String, path: String, uid: UInt32)
    case empty(account: String, path: String)

    public var description: String {
        "\(subject): " + reason
    }

    /// "account NAME", or the configuration key of a secret that belongs to no account (the database's).
    private var subject: String {
        let account = switch self {
        case let .noCredentialsDirectory(account, _), let .badReference(account, _), let .unreadable(account, _, _),
             let .tooOpen(account, _, _), let .wrongOwner(account, _, _), let .empty(account, _): account
        }
        return account.hasPrefix("[") ? account : "account \(account)"
    }

    private var reason: String {
        switch self {
        case let .noCredentialsDirectory(_, name):
            "credential \"\(name)\" needs $CREDENTIALS_DIRECTORY (LoadCredential=\(name):… in the unit) or an "
                + "absolute path to a file readable by the daemon alone"
        case let .badReference(_, reference):
            "credentials \"\(reference)\" is neither a credential name nor an absolute path"
        case let .unreadable(_, path, reason): "cannot read \(path): \(reason)"
        case let .tooOpen(_, path, mode):
            "\(path) is accessible by group or others (mode \(String(mode & 0o7777, radix: 8))); make it readable "
                + "by the daemon alone (chmod 600)"
        case let .wrongOwner(_, path, uid): "\(path) belongs to uid \(uid), not to the daemon's user or root"
        case let .empty(_, path): "\(path) is empty"
        }
    }
}
