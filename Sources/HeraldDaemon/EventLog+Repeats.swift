import HeraldCore
import HeraldEvents
import HeraldStore
import Logging

/// Journal entries of repeating posts (issue 14).
extension EventLog {
    /// `HERALD_EVENT=scheduled` for a repeating post's next occurrence, queued as the previous one was published;
    /// a provisional one gets its `post scheduled` entry again when the planner places it.
    func occurrence(_ outcome: OccurrenceOutcome) {
        switch outcome {
        case let .queued(next):
            var extra: Logger.Metadata = [
                "HERALD_OCCURRENCE": "\(next.occurrence)",
                "HERALD_NOMINAL_AT": "\(RFC3339.string(from: next.nominal))",
            ]
            if let count = next.count { extra["HERALD_REPEAT_COUNT"] = "\(count)" }
            if next.provisional {
                extra["HERALD_PROVISIONAL"] = "1"
            } else {
                extra["HERALD_SCHEDULED_AT"] = "\(RFC3339.string(from: next.scheduledAt))"
            }
            post(.scheduled, "next occurrence of a repeating post scheduled", postID: next.postID,
                 account: next.account, extra: extra)
        case let .ended(postID, account, reason):
            logger.notice("series of a repeating post ended", metadata: [
                "HERALD_POST_ID": "\(postID)", "HERALD_ACCOUNT": "\(account)", "HERALD_REASON": "\(reason)",
            ])
        }
    }
}
