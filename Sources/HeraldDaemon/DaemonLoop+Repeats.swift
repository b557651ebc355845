import HeraldStore

/// Repeating posts in the loop (issue 14). A worker queues a published post's next occurrence in the transaction
/// that records the publication; on an account the planner plans, that occurrence is provisional and waits for
/// the pacer like every planned post accepted under load.
extension DaemonLoop {
    /// After `account`'s worker finished: marks the account for the planner when it has provisional posts (a
    /// planned occurrence just queued). Nothing goes out early meanwhile: a provisional post waits at the end of
    /// its window.
    func markOccurrences(of account: String) {
        do {
            guard try database.hasProvisional(account: account) else { return }
        } catch {
            degraded("database", "database not readable: \(error)")
            return
        }
        intake.pacer.mark([account])
    }
}
