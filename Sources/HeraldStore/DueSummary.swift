import Foundation

/// What the scheduler needs from the queue at one instant, read without walking it (issue 12): the accounts with
/// posts due, and the earliest post still to come.
public struct DueSummary: Sendable, Equatable {
    /// The earliest due instant of every account with a post due now, plus the earliest future one among the
    /// accounts that were not busy: all that `SchedulerCore.step` can act on (another account's later post cannot
    /// be dispatched now, nor wake the loop earlier).
    public var due: [String: Date]
    /// The soonest scheduled post of any account, busy or not, for `STATUS=` ("next … (account)").
    public var next: (account: String, at: Date)?

    public init(due: [String: Date] = [:], next: (account: String, at: Date)? = nil) {
        self.due = due
        self.next = next
    }

    public static func == (lhs: DueSummary, rhs: DueSummary) -> Bool {
        lhs.due == rhs.due && lhs.next?.account == rhs.next?.account && lhs.next?.at == rhs.next?.at
    }
}
