import Foundation

/// What publishing an occurrence of a repeating post did to its series (`record`'s result).
public enum OccurrenceOutcome: Sendable, Equatable {
    /// The next occurrence is queued.
    case queued(NextOccurrence)
    /// No more occurrences: the count or the until-time was reached, there was no free slot, or the series was
    /// cancelled.
    case ended(postID: String, account: String, reason: String)
}
