import HeraldCore
import Logging

/// The post events DESIGN's journal contract names; `HERALD_EVENT` carries the raw value.
public enum PostEvent: String, Sendable, CaseIterable {
    case accepted, rejected, scheduled, published, retrying, failed, missed, cancelled, disclosure
    /// The policy gate (issue 6): a target held for an approver, released by one, or expired unapproved; and
    /// `policy`, one entry per rule hit (with `HERALD_RULE`), whatever the rule's action.
    case held, approved, expired, policy

    /// The journal's `MESSAGE_ID` for this kind of event: fixed forever, listed in the README, so
    /// `journalctl MESSAGE_ID=…` finds every event of a kind whatever its message says.
    public var messageID: String {
        switch self {
        case .accepted: "410cd4f319c14178a6f40d2f0b23e687"
        case .rejected: "12adef49ac2a4e7ca20214bbc37e629e"
        case .scheduled: "d716d32e88ef40c8b0ad5ea569fef275"
        case .published: "aada030b617d4ce7807ab110796e011c"
        case .retrying: "cd990aa824e3453cbc6438ba4261906d"
        case .failed: "9ed95663fc4c4d7a84a36fdc0e0fa377"
        case .missed: "f839128f98f741bd847881a5152413ea"
        case .cancelled: "30fd4ca5ea2a44dabc5e12ad7a28f636"
        case .disclosure: "a54f1a6210fb4d2f9f160363deb119af"
        case .held: "ffe8f0200ba143859dffb01a0e1e2f01"
        case .approved: "c193339454534d6982505946cb4b29b6"
        case .expired: "64d8d292bc6442b8ae85978a9c548fc8"
        case .policy: "790929dcae9b4a60b402e6199aad8b89"
        }
    }
}

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

/// Logs post events with fixed messages and the `HERALD_*` fields, so `journalctl HERALD_EVENT=rejected` works.
/// Never give it secrets: metadata goes to the journal verbatim.
public struct EventLog: Sendable {
    public var logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func post(
        _ event: PostEvent, _ message: @autoclosure () -> Logger.Message, postID: String?, account: String? = nil,
        level: Logger.Level = .info, extra: Logger.Metadata = [:]
    ) {
        var metadata = extra
        metadata["HERALD_EVENT"] = .string(event.rawValue)
        metadata["message_id"] = .string(event.messageID)
        if let postID { metadata["HERALD_POST_ID"] = .string(postID) }
        if let account { metadata["HERALD_ACCOUNT"] = .string(account) }
        logger.log(level: level, message(), metadata: metadata)
    }

    /// Logs a daemon lifecycle message with its `MESSAGE_ID`.
    public func daemon(
        _ kind: DaemonMessage, _ message: @autoclosure () -> Logger.Message, level: Logger.Level = .info,
        extra: Logger.Metadata = [:]
    ) {
        var metadata = extra
        metadata["message_id"] = .string(kind.messageID)
        logger.log(level: level, message(), metadata: metadata)
    }

    /// One `policy in force` entry per line of the policy's summary (`HERALD_POLICY`), so the journal shows which
    /// word lists a running heraldd checks with, and where they came from.
    public func policy(_ policy: PolicyConfiguration, accounts: [Account]) {
        for line in policy.summary(accounts: accounts) {
            let warning = line.hasPrefix("warning: ")
            daemon(.policy, warning ? "policy warning" : "policy in force", level: warning ? .warning : .info,
                   extra: ["HERALD_POLICY": "\(line)"])
        }
    }
}
