import Foundation
import HeraldCore

/// One delivery of a notification to one `[[notify]]` entry, as the `notify_deliveries` table keeps it.
public struct NotifyDeliveryRecord: Sendable, Equatable {
    /// Where a delivery stands.
    public enum State: String, Sendable, Equatable {
        /// Not acknowledged yet: due at `nextAttemptAt`.
        case pending
        /// The receiver acknowledged it (a 2xx answer, or exit status 0).
        case delivered
        /// Given up: `give_up_after` passed since its first attempt.
        case failed
        /// Pending for an entry no longer configured: set aside until an entry of that name comes back.
        case parked
    }

    /// The `[[notify]]` entry's name.
    public var target: String
    public var state: State
    /// Attempts made so far.
    public var attempts: Int
    public var firstAttemptAt: Date?
    public var nextAttemptAt: Date
    public var lastError: String?
    /// What is sent; its `delivery` is this row's id.
    public var payload: NotifyPayload

    /// The delivery's id (a UUID).
    public var id: String { payload.delivery }

    public init(
        target: String, state: State, attempts: Int, firstAttemptAt: Date?, nextAttemptAt: Date, lastError: String?,
        payload: NotifyPayload
    ) {
        self.target = target
        self.state = state
        self.attempts = attempts
        self.firstAttemptAt = firstAttemptAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.payload = payload
    }
}
