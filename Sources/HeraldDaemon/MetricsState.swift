import Foundation
import Synchronization

/// What the loop and the publishing workers share about metrics: until when an account's fetches rest (its
/// network deferred them: no room in the rate limit, or a failure), and when each account learns from history
/// next. Kept in memory: after a restart the first fetch asks again, and learning goes by the stored curve's date.
final class MetricsState: Sendable {
    private struct Values {
        var rests: [String: Date] = [:]
        var learnNext: [String: Date] = [:]
    }

    private let values = Mutex(Values())

    /// No fetch for `account` before `until`.
    func rest(_ account: String, until: Date) {
        values.withLock { $0.rests[account] = until }
    }

    /// The end of the account's rest, when it is still ahead of `now`.
    func restingUntil(_ account: String, now: Date) -> Date? {
        values.withLock { values in
            guard let until = values.rests[account], until > now else { return nil }
            return until
        }
    }

    /// When the account learns next (nil: not decided yet).
    func learnNext(_ account: String) -> Date? {
        values.withLock { $0.learnNext[account] }
    }

    func setLearnNext(_ account: String, _ date: Date) {
        values.withLock { $0.learnNext[account] = date }
    }
}
