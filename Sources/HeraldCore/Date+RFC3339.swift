import Foundation

extension Date {
    /// RFC 3339 in UTC to the second, `2026-11-23T14:00:00Z`, for messages (fractions dropped toward the past).
    var rfc3339UTC: String {
        RFC3339.string(from: Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)))
    }
}

extension TimeZone {
    /// UTC; always exists.
    static let utcForHerald = TimeZone(secondsFromGMT: 0)!
}
