import Foundation
import HeraldCore
import HeraldStore

/// What a command that changes the queue behind the daemon's back (`cancel`, `learn`) does next: re-plan the
/// planned accounts at once, then nudge the daemon so it re-reads the queue and re-arms its timer.
enum QueueChange {
    /// Re-plans `accounts` (the ones the change touched; the others' plans cannot have changed, and re-planning
    /// hundreds of accounts would cost seconds) and nudges; returns the posts that moved. Failing to nudge is
    /// harmless: the daemon re-plans on its next rescan anyway.
    @discardableResult
    static func replan(
        _ database: AppDatabase, config: HeraldConfiguration, accounts: Set<String>, now: Date
    ) throws -> [PlanChange] {
        let changes = try database.replan(try database.planningContext(config), accounts: accounts, now: now)
        for change in changes {
            CLIJournal.event(.scheduled, "post re-planned", postID: change.postID, account: change.account)
        }
        nudge(spool: config.daemon.spool)
        return changes
    }

    /// Creates and removes a dot file in `incoming/`. The daemon never reads dot files, but any inotify event
    /// there makes its loop re-read the earliest due post and re-arm the timer.
    static func nudge(spool: String) {
        let path = (spool as NSString).appendingPathComponent("incoming/.herald-nudge.\(getpid())")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return }
        close(descriptor)
        unlink(path)
    }
}
