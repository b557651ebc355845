import Foundation
import HeraldCore
import HeraldEvents
import HeraldPublishers
import HeraldStore

/// Notifications (issue 15): the loop's side of ``NotifyDispatcher``. The events a `[[notify]]` entry may want
/// are recorded by the database itself (see migration `v12-notifications`), except expiring credentials, which the
/// loop notices and records here; the dispatcher's task delivers them.
extension DaemonLoop {
    /// The dispatcher for `config`, its webhooks' secrets read (an unreadable secret stops the start, as an
    /// account's unreadable credentials do).
    static func makeNotifications(
        _ config: HeraldConfiguration, database: AppDatabase, events: EventLog, now: @escaping @Sendable () -> Date,
        continuation: AsyncStream<DaemonEvent>.Continuation, membership: ClusterMembership
    ) throws -> NotifyDispatcher {
        let dispatcher = NotifyDispatcher(
            database: database, events: events, now: now, delivering: { membership.mayPublish(notifyRole) }
        ) {
            continuation.yield(.tick)  // a step, which copies the entries' health into `STATUS=`
        }
        dispatcher.configure(try notifySenders(config), retry: config.daemon.retry,
                             giveUpAfter: config.daemon.giveUpAfter)
        return dispatcher
    }

    /// A sender for each of `config`'s entries, their secrets read now (at start and on every reload).
    static func notifySenders(_ config: HeraldConfiguration) throws -> [NotifySender] {
        var senders: [NotifySender] = []
        for target in config.notify {
            do {
                senders.append(try NotifySender.prepare(target))
            } catch {
                throw DaemonError.config(error.description)  // names the entry already
            }
        }
        return senders
    }

    /// At each step: wakes the dispatcher (the step may have recorded events) and shows the failing entries in
    /// `STATUS=`.
    func noteNotifications() {
        notifications.wake()
        for key in problems.keys where key.hasPrefix(Self.notifyProblem) { problems[key] = nil }
        for (target, reason) in notifications.problems {
            problems[Self.notifyProblem + target] = "notify \(target) failing: \(reason)"
        }
    }

    /// Records that `account`'s credentials expire at `expiry`, once per account and expiry (across restarts too).
    func notifyCredentialsExpiring(_ account: String, expiry: Date, text: String) {
        do {
            try database.recordNotification(
                .credentialsExpiring, at: now(), account: account, reason: text,
                dedupe: "credentials-expiring \(account) \(Int64(expiry.timeIntervalSince1970))")
        } catch {
            events.logger.error("cannot record a notification", metadata: [
                "HERALD_ACCOUNT": "\(account)", "HERALD_ERROR": "\(error)",
            ])
        }
    }

    /// The `problems` key of a failing `[[notify]]` entry.
    static let notifyProblem = "notify "
}
