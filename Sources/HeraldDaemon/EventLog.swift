import Logging

/// The post events DESIGN's journal contract names; `HERALD_EVENT` carries the raw value.
public enum PostEvent: String, Sendable, CaseIterable {
    case accepted, rejected, scheduled, published, retrying, failed, missed, cancelled, disclosure
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
        if let postID { metadata["HERALD_POST_ID"] = .string(postID) }
        if let account { metadata["HERALD_ACCOUNT"] = .string(account) }
        logger.log(level: level, message(), metadata: metadata)
    }
}
