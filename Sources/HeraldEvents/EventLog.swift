import HeraldCore
import Logging

/// Logs post events with fixed messages and the `HERALD_*` fields, so `journalctl HERALD_EVENT=rejected` works.
/// Never give it secrets: metadata goes to the journal verbatim. heraldd logs through it, and so does the herald CLI
/// for the events it causes itself (`herald cancel`), which is why it has a target of its own.
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

    /// Logs an event of a whole account (`HERALD_EVENT`, `HERALD_ACCOUNT`) with its `MESSAGE_ID`.
    public func account(
        _ event: AccountEvent, _ message: @autoclosure () -> Logger.Message, account: String,
        level: Logger.Level = .notice, extra: Logger.Metadata = [:]
    ) {
        var metadata = extra
        metadata["HERALD_EVENT"] = .string(event.rawValue)
        metadata["message_id"] = .string(event.messageID)
        metadata["HERALD_ACCOUNT"] = .string(account)
        logger.log(level: level, message(), metadata: metadata)
    }

    /// Logs a feed's event with `HERALD_FEED` and the feed's account.
    public func feed(
        _ event: FeedEvent, _ message: @autoclosure () -> Logger.Message, feed: String, account: String,
        level: Logger.Level = .info, extra: Logger.Metadata = [:]
    ) {
        var metadata = extra
        metadata["HERALD_EVENT"] = .string(event.rawValue)
        metadata["message_id"] = .string(event.messageID)
        metadata["HERALD_FEED"] = .string(feed)
        metadata["HERALD_ACCOUNT"] = .string(account)
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
