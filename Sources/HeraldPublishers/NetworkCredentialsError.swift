/// Why an account's credentials cannot be used. Names accounts, keys and lines; never a secret value.
public enum NetworkCredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file has no (or an empty) value for a key the network needs.
    case missingKey(account: String, key: String)
    /// The file is neither a JSON object of strings nor `key = value` lines; `line` is 1-based when known.
    case malformed(account: String, line: Int?, reason: String)

    public var description: String {
        switch self {
        case let .missingKey(account, key):
            "account \(account): the credentials have no \"\(key)\""
        case let .malformed(account, line?, reason):
            "account \(account): credentials line \(line): \(reason)"
        case let .malformed(account, nil, reason):
            "account \(account): credentials: \(reason)"
        }
    }
}
