import Foundation

/// X's rate-limit headers, read from one response (pure).
///
/// X sends the endpoint window (`x-rate-limit-limit`, `x-rate-limit-remaining`, `x-rate-limit-reset`) and, for
/// posting, the user's 24-hour cap (`x-user-limit-24hour-limit`, `…-remaining`, `…-reset`); resets are epoch
/// seconds. Herald never sends a request before a window it has exhausted resets.
public struct XRateLimit: Sendable, Equatable {
    public var remaining: Int?
    public var reset: Date?
    public var userRemaining: Int?
    public var userReset: Date?

    public init(remaining: Int? = nil, reset: Date? = nil, userRemaining: Int? = nil, userReset: Date? = nil) {
        self.remaining = remaining
        self.reset = reset
        self.userRemaining = userRemaining
        self.userReset = userReset
    }

    /// The limits a response announces (absent or malformed headers are nil).
    public init(_ response: HTTPResponse) {
        func number(_ name: String) -> Int? {
            response.header(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        remaining = number("x-rate-limit-remaining")
        reset = number("x-rate-limit-reset").map { Date(timeIntervalSince1970: TimeInterval($0)) }
        userRemaining = number("x-user-limit-24hour-remaining")
        userReset = number("x-user-limit-24hour-reset").map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The moment before which no further request may be sent: the latest reset of an exhausted window, or nil
    /// when no window is exhausted.
    public var blockedUntil: Date? {
        var until: Date?
        if remaining == 0, let reset { until = reset }
        if userRemaining == 0, let userReset { until = max(until ?? userReset, userReset) }
        return until
    }

    /// When to try again after a 429: the exhausted window's reset, else the latest reset X gave, else nil (the
    /// caller's backoff decides).
    public var retryAfterTooManyRequests: Date? {
        if let blockedUntil { return blockedUntil }
        switch (reset, userReset) {
        case let (reset?, userReset?): return max(reset, userReset)
        case let (reset?, nil): return reset
        case let (nil, userReset?): return userReset
        case (nil, nil): return nil
        }
    }
}
