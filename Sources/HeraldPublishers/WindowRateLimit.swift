import Foundation
import HeraldCore

/// One rate-limit window as Mastodon and Bluesky announce it in every response (pure).
///
/// | network  | remaining header         | reset header          | reset format            |
/// |----------|--------------------------|-----------------------|-------------------------|
/// | Mastodon | `X-RateLimit-Remaining`  | `X-RateLimit-Reset`   | ISO 8601 timestamp      |
/// | Bluesky  | `ratelimit-remaining`    | `ratelimit-reset`     | epoch seconds           |
///
/// Herald never sends a request before an exhausted window resets, and answers a 429 with a retry at the reset.
public struct WindowRateLimit: Sendable, Equatable {
    public var remaining: Int?
    public var reset: Date?

    public init(remaining: Int? = nil, reset: Date? = nil) {
        self.remaining = remaining
        self.reset = reset
    }

    /// Mastodon's `X-RateLimit-*` headers (absent or malformed ones are nil).
    public static func mastodon(_ response: HTTPResponse) -> WindowRateLimit {
        WindowRateLimit(
            remaining: field(response, "X-RateLimit-Remaining").flatMap { Int($0) },
            reset: field(response, "X-RateLimit-Reset").flatMap(parseISO8601))
    }

    /// Bluesky's `ratelimit-*` headers (absent or malformed ones are nil).
    public static func bluesky(_ response: HTTPResponse) -> WindowRateLimit {
        WindowRateLimit(
            remaining: field(response, "ratelimit-remaining").flatMap { Int($0) },
            reset: field(response, "ratelimit-reset").flatMap { TimeInterval($0) }
                .map { Date(timeIntervalSince1970: $0) })
    }

    /// A header's value without surrounding spaces.
    private static func field(_ response: HTTPResponse, _ name: String) -> String? {
        response.header(name)?.trimmingCharacters(in: .whitespaces)
    }

    /// The moment before which nothing may be sent: the reset of an exhausted window still in the future.
    public func blockedUntil(now: Date) -> Date? {
        guard remaining == 0, let reset, reset > now else { return nil }
        return reset
    }

    /// Mastodon writes fractional seconds (`2026-11-21T15:09:29.001508Z`); RFC 3339 parsing takes both forms.
    static func parseISO8601(_ text: String) -> Date? {
        if let date = RFC3339.date(from: text) { return date }
        // Drop fractional seconds beyond what the parser takes, keeping the zone.
        guard let dot = text.firstIndex(of: ".") else { return nil }
        var end = text.index(after: dot)
        while end < text.endIndex, text[end].isNumber { end = text.index(after: end) }
        return RFC3339.date(from: String(text[..<dot]) + String(text[end...]))
    }
}
