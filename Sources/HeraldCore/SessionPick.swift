import Foundation

/// What the session rules say about claiming a target while its account's session is active (the claim
/// transaction gathers the facts, `DisclosureRules.pick` decides, the transaction carries it out).
public enum SessionPick: Sendable, Equatable {
    /// Claim this target instead: the announcement or the reminder that must come first.
    case claim(Int64)
    /// Claim the target asked for.
    case original
    /// A disclosure must come first but is waiting for a retry: nothing goes out on the account before it.
    case wait(until: Date)
}

/// Where a disclosure target stands, as the store reads it, for `DisclosureRules.pick`.
public enum DisclosureProgress: Sendable, Equatable {
    /// Scheduled: due at `due` (seconds since 1970, compared as stored: a `Date` round trip may differ in the last
    /// bit), after `attempts` attempts.
    case scheduled(due: Double, attempts: Int)
    /// An attempt is in flight.
    case publishing
    /// Published, failed or cancelled: the account goes on without it.
    case finished
}
