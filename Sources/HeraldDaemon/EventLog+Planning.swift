import Foundation
import HeraldCore
import HeraldEvents
import HeraldStore

extension EventLog {
    /// `HERALD_EVENT=scheduled` for a planned post the planner moved (new posts, a cancellation or a reload
    /// changed the best plan), with where it was and where it goes.
    func replanned(_ change: PlanChange) {
        post(.scheduled, "post re-planned", postID: change.postID, account: change.account, extra: [
            "HERALD_SCHEDULED_AT": "\(RFC3339.string(from: change.to))",
            "HERALD_PREVIOUS_AT": "\(change.from.map { RFC3339.string(from: $0) } ?? "none")",
            "HERALD_REACH": "\(String(format: "%.3f", change.reach))",
        ])
    }

    /// `HERALD_EVENT=scheduled` for a post the planner placed once it settled the account (the intake deferred it).
    func placed(_ change: PlanChange) {
        post(.scheduled, "post scheduled", postID: change.postID, account: change.account, extra: [
            "HERALD_SCHEDULED_AT": "\(RFC3339.string(from: change.to))",
            "HERALD_REACH": "\(String(format: "%.3f", change.reach))",
        ])
    }

    /// `HERALD_EVENT=failed` for a target the planner found no room for after its post went out elsewhere.
    func unplaced(_ post: WithdrawnPost) {
        self.post(.failed, "post failed: no room in its window", postID: post.postID, account: post.account,
                  level: .error, extra: [
                      "HERALD_FILE": "\(post.fileName)",
                      "HERALD_REASON": "\(AppDatabase.noRoomReason(account: post.account, planned: true))",
                  ])
    }
}
