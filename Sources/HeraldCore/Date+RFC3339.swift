import Foundation

extension Date {
    /// RFC 3339 in UTC to the second, `2026-11-23T14:00:00Z`, for messages. Computed without a formatter or
    /// Calendar so it is the same on every platform.
    var rfc3339UTC: String {
        let local = TimeZone.utcForHerald.localDateTime(for: self)
        return "\(local)".replacingOccurrences(of: " ", with: "T") + "Z"
    }
}

extension TimeZone {
    /// UTC; always exists.
    static let utcForHerald = TimeZone(secondsFromGMT: 0)!
}
