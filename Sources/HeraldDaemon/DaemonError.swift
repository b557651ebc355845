/// Failures that stop the daemon from starting or from carrying on, with the path and reason to act on.
public enum DaemonError: Error, CustomStringConvertible {
    case config(String)
    case spool(path: String, reason: String)
    case state(path: String, reason: String)
    case system(call: String, reason: String)

    public var description: String {
        switch self {
        case let .config(message): message
        case let .spool(path, reason): "spool \(path): \(reason)"
        case let .state(path, reason): "state \(path): \(reason)"
        case let .system(call, reason): "\(call): \(reason)"
        }
    }
}
