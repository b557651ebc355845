import Foundation

/// When to retry a publish attempt that failed temporarily: exponential backoff with a cap and jitter.
///
/// Pure: the caller passes the failure time and a random `unit` in [0, 1), so every decision is reproducible in
/// tests. `attempt` counts the attempts made so far (1 after the first failure). The delay after attempt `n` is
/// `min(base × factorⁿ⁻¹, cap)`, then spread by ±`jitter` so that posts failing together (a network outage, a rate
/// limit) do not all come back in the same second. Jitter is applied after the cap, as async-http-client does, so a
/// capped delay still spreads out; the longest possible wait is `cap × (1 + jitter)`.
///
/// With the defaults (base 30 s, factor 2, cap 1 h, jitter 0.2):
///
/// | attempt  | nominal delay | with ±20% jitter          |
/// |----------|---------------|---------------------------|
/// | 1        | 30 s          | 24 s – 36 s               |
/// | 2        | 1 min         | 48 s – 1 min 12 s         |
/// | 3        | 2 min         | 1 min 36 s – 2 min 24 s   |
/// | 4        | 4 min         | 3 min 12 s – 4 min 48 s   |
/// | 5        | 8 min         | 6 min 24 s – 9 min 36 s   |
/// | 6        | 16 min        | 12 min 48 s – 19 min 12 s |
/// | 7        | 32 min        | 25 min 36 s – 38 min 24 s |
/// | 8 and on | 1 h (cap)     | 48 min – 1 h 12 min       |
///
/// The first seven retries take about an hour in total; after that the post is retried about hourly until
/// `give_up_after` (24 h by default) has passed since its first attempt, when it fails for good.
public struct Backoff: Sendable, Hashable {
    /// Delay after the first failed attempt, in seconds.
    public var base: TimeInterval
    /// Growth of the delay from one attempt to the next.
    public var factor: Double
    /// Largest nominal delay, in seconds (before jitter).
    public var cap: TimeInterval
    /// Fraction of the delay by which it is randomly spread either way: 0.2 means ±20%.
    public var jitter: Double

    public init(base: TimeInterval = 30, factor: Double = 2, cap: TimeInterval = 3600, jitter: Double = 0.2) {
        self.base = base
        self.factor = factor
        self.cap = cap
        self.jitter = jitter
    }

    /// The delay before the next attempt without jitter: `min(base × factor^(attempt − 1), cap)`.
    ///
    /// Out-of-range settings are clamped rather than trapped on, because they may come from a config file and a
    /// daemon must not crash on them: attempts below 1 count as 1, a negative base or cap as 0, a factor below 1
    /// as 1 (delays never shrink).
    public func nominalDelay(afterAttempt attempt: Int) -> TimeInterval {
        let base = max(0, self.base)
        let cap = max(0, self.cap)
        let factor = max(1, self.factor)
        // pow overflows to +infinity for huge attempt numbers, which min() then turns into the cap.
        let raw = base * pow(factor, Double(max(1, attempt) - 1))
        return raw.isNaN ? cap : min(raw, cap)
    }

    /// The delay before the next attempt, jittered: the nominal delay scaled by a factor in
    /// [1 − jitter, 1 + jitter), chosen by `unit` (0 gives the shortest delay, values near 1 the longest).
    ///
    /// - Parameters:
    ///   - attempt: attempts made so far, 1 after the first failure.
    ///   - unit: a random number in [0, 1) from the caller; values outside are clamped.
    public func delay(afterAttempt attempt: Int, unit: Double) -> TimeInterval {
        let spread = min(max(jitter, 0), 1)
        let unit = unit.isNaN ? 0.5 : min(max(unit, 0), 1)
        return nominalDelay(afterAttempt: attempt) * (1 + spread * (2 * unit - 1))
    }

    /// When to make the next attempt after a temporary failure, or nil when the post should fail for good.
    ///
    /// - Parameters:
    ///   - failureAt: when the attempt that just failed ended.
    ///   - attempt: attempts made so far, including the one that just failed (1 after the first failure).
    ///   - firstAttemptAt: when the first attempt was made; the deadline counts from here.
    ///   - giveUpAfter: seconds after `firstAttemptAt` past which no attempt is made.
    ///   - retryAfter: a time given by the server (HTTP `Retry-After`, a rate-limit reset). It wins when later
    ///     than the computed time: retrying before a rate-limit reset only burns another request.
    ///   - unit: a random number in [0, 1) from the caller, for the jitter.
    /// - Returns: the time of the next attempt, or nil when it would fall after `firstAttemptAt + giveUpAfter`.
    public func nextAttempt(
        after failureAt: Date, attempt: Int, firstAttemptAt: Date, giveUpAfter: TimeInterval,
        retryAfter: Date? = nil, unit: Double
    ) -> Date? {
        var next = failureAt.addingTimeInterval(delay(afterAttempt: attempt, unit: unit))
        if let retryAfter, retryAfter > next { next = retryAfter }
        return next > firstAttemptAt.addingTimeInterval(giveUpAfter) ? nil : next
    }
}
