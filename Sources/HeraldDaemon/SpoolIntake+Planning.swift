import Foundation
import HeraldConfig
import HeraldCore
import HeraldStore

/// Deferred planning (issue 12): settling the accounts the pacer marked, and handing back the posts the planner
/// found no room for after they were accepted.
extension SpoolIntake {
    /// Settles one marked account and reports what moved; the pacer learns what it cost.
    func settle(account: String, config: HeraldConfiguration, now: Date) throws(StoreError) {
        let planning = try database.planningContext(config)
        let start = ContinuousClock.now
        let outcome = try database.settle(planning, accounts: [account], now: now)
        pacer.planned([account], from: start, to: .now)
        report(outcome, now: now)
    }

    /// Past this many moves, one re-plan is journalled as a summary per account instead of an entry per post.
    static let movesJournalledEach = 20

    /// Journals what a settle did to posts accepted earlier, and writes the withdrawn ones back to `rejected/`.
    ///
    /// A burst into a long queue re-plans each account many times, and each time the newcomers displace dozens of
    /// waiting posts: an entry per move would be several per post loaded. A re-plan that moves more than
    /// ``movesJournalledEach`` posts says how many per account instead; every move is still recorded in the state
    /// database's `events` table, and each post's first placement has its own `post scheduled` entry.
    func report(_ outcome: SettleOutcome, now: Date) {
        if outcome.moved.count <= Self.movesJournalledEach {
            for change in outcome.moved { events.replanned(change) }
        } else {
            for (account, moves) in Dictionary(grouping: outcome.moved, by: \.account).sorted(by: { $0.key < $1.key }) {
                events.logger.info("posts re-planned", metadata: [
                    "HERALD_ACCOUNT": "\(account)", "HERALD_MOVED": "\(moves.count)",
                ])
            }
        }
        for change in outcome.placed { events.placed(change) }
        for post in outcome.failed { events.unplaced(post) }
        handBack(outcome.withdrawn, now: now)
    }

    /// Writes posts withdrawn after acceptance to `rejected/NAME` beside `NAME.error`, as a rejection at intake
    /// would have left them (the reason first, so a file never appears without it). Their content was the
    /// accepted file's, byte for byte; the transaction that withdrew them has committed, so a failure here is
    /// logged with the post id (the content is then only in the journal's record of the post's events).
    func handBack(_ posts: [WithdrawnPost], now: Date) {
        var recorded: [EventRecord] = []
        for post in posts {
            let reason = AppDatabase.noRoomReason(account: post.account, planned: true)
            let rejection = Rejection(index: 0, name: post.fileName, postID: post.postID, reasons: [reason],
                                      accounts: post.accounts)
            let target = freeRejectedName(for: post.fileName)
            do {
                _ = try writeReason(rejection, as: target, now: now)
                try writeAtomically(Data(post.content), to: (spool.rejected as NSString).appendingPathComponent(target))
            } catch {
                events.logger.error("cannot write a withdrawn post to rejected", metadata: [
                    "HERALD_POST_ID": "\(post.postID)", "HERALD_FILE": "\(post.fileName)",
                    "HERALD_ERROR": "\(error)",
                ])
            }
            let accounts = post.accounts.joined(separator: ",")
            recorded.append(EventRecord(at: now, postID: post.postID, account: accounts, event: "rejected",
                                        message: "\(post.fileName): \(reason)"))
            events.post(.rejected, "post rejected", postID: post.postID, account: accounts, level: .warning,
                        extra: ["HERALD_FILE": "\(post.fileName)", "HERALD_REASON": "\(reason)"])
        }
        do {
            try database.recordEvents(recorded)
        } catch {
            events.logger.error("cannot record rejections", metadata: ["HERALD_ERROR": "\(error)"])
        }
    }
}
