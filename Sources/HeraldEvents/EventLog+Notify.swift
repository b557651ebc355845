import Logging

extension EventLog {
    /// Logs a notification delivery's event with `HERALD_NOTIFY`, `HERALD_DELIVERY`, the notified event
    /// (`HERALD_NOTIFY_EVENT`) and, when it has them, its post and account.
    public func notify(
        _ event: NotifyLogEvent, _ message: @autoclosure () -> Logger.Message, target: String, delivery: String,
        notified: String, postID: String?, account: String?, level: Logger.Level, extra: Logger.Metadata = [:]
    ) {
        var metadata = extra
        metadata["HERALD_EVENT"] = .string(event.rawValue)
        metadata["message_id"] = .string(event.messageID)
        metadata["HERALD_NOTIFY"] = .string(target)
        metadata["HERALD_DELIVERY"] = .string(delivery)
        metadata["HERALD_NOTIFY_EVENT"] = .string(notified)
        if let postID { metadata["HERALD_POST_ID"] = .string(postID) }
        if let account { metadata["HERALD_ACCOUNT"] = .string(account) }
        logger.log(level: level, message(), metadata: metadata)
    }
}
