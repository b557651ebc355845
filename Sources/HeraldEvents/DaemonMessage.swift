/// Daemon lifecycle messages with their own fixed `MESSAGE_ID`s.
public enum DaemonMessage: String, Sendable, CaseIterable {
    case started, stopping, reloaded
    case reloadFailed = "reload-failed"
    /// What the policy gate uses (lists, their sizes and sources, terms, rule settings), at start and reload.
    case policy

    public var messageID: String {
        switch self {
        case .started: "938e19211a414815b204aba34dfbfb03"
        case .stopping: "3e857f0786f34fc48992f3d999678f0a"
        case .reloaded: "74b5573ba19742a9a8421a3bd3c1bbff"
        case .reloadFailed: "e7ee986f66d74895af61fad605a554cf"
        case .policy: "02c058e853f94424866bdaaaa749cfe2"
        }
    }
}
