/// Why a `[[notify]]` entry cannot be used: its webhook's secret could not be read. The daemon refuses to start (or
/// a reload keeps the running configuration), as it does for an account's unreadable credentials.
public enum NotifySetupError: Error, Equatable, CustomStringConvertible {
    case secret(target: String, CredentialError)

    public var description: String {
        switch self {
        case let .secret(target, error):
            // CredentialError speaks of an account; the reader was given the entry's label in its place.
            let text = error.description
            let prefix = "account \(NotifySender.label(target)): "
            return "notify \(target): secret: " + (text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text)
        }
    }
}
