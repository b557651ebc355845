import Foundation

extension QueuePlanner {
    /// Where a validated target goes: its explicit `At:`, or else the account's next free slot inside its window,
    /// never before `now`. The daemon's intake and `herald plan` both place posts through this one function.
    public static func place(_ target: PostTarget, now: Date, occupied: [Date]) -> Date? {
        if let at = target.at { return at }
        return nextSlot(for: target.account, notBefore: max(now, target.notBefore ?? now),
                        notAfter: target.notAfter, occupied: occupied)
    }
}
