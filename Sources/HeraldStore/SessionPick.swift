import Foundation

/// What the session rules say about claiming a target while its account's session is active.
enum SessionPick: Equatable {
    /// Claim this target instead: the announcement or the reminder that must come first.
    case claim(Int64)
    /// Claim the target asked for.
    case original
    /// A disclosure must come first but is waiting for a retry: nothing goes out on the account before it.
    case wait(until: Date)
}
