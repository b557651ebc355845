import Foundation
import HeraldCore

/// Credentials that run out unless a human renews them (LinkedIn's 60-day tokens, a Threads token whose refresh
/// keeps failing): a journal warning and `STATUS=` degraded from a week before the expiry, so nobody learns of it
/// from a paused account.
extension DaemonLoop {
    /// How long before the expiry the warning starts.
    static let expiryWarning: TimeInterval = 7 * 86_400

    /// Asks the publishers of `accounts` (all by default; after a publish, just its account's, whose token may have
    /// been refreshed) when their credentials expire, then warns once per account and expiry, keeps `STATUS=`
    /// degraded while one is within the week (or past), and sets when to look again (the next warning's start, or
    /// an expiry still ahead).
    func checkCredentialsExpiry(accounts: [String]? = nil) async {
        let current = now()
        if accounts == nil { expiries = [:] }
        var changed = accounts == nil
        for name in accounts ?? publishers.keys.sorted() {
            let expiry = await publishers[name]?.credentialsExpiry(now: current)
            changed = changed || expiry != expiries[name]
            expiries[name] = expiry
        }
        guard changed else { return }  // after a publish, most often: nothing to warn about anew
        var wake: Date?
        for key in problems.keys where key.hasPrefix(Self.expiryProblem) { problems[key] = nil }
        for name in publishers.keys.sorted() {
            guard let expiry = expiries[name] else {
                expiryWarned[name] = nil
                continue
            }
            let warnFrom = expiry.addingTimeInterval(-Self.expiryWarning)
            guard current >= warnFrom else {
                expiryWarned[name] = nil
                wake = min(wake ?? warnFrom, warnFrom)
                continue
            }
            let when = StatusText.format(expiry)
            let text = "\(name)'s credentials " + (expiry > current ? "expire \(when)" : "expired \(when)")
            if expiryWarned[name] != expiry {
                expiryWarned[name] = expiry
                notifyCredentialsExpiring(name, expiry: expiry, text: text)
                events.logger.warning("credentials expire soon; renew them and reload", metadata: [
                    "HERALD_ACCOUNT": "\(name)", "HERALD_EXPIRES_AT": "\(RFC3339.string(from: expiry))",
                ])
            }
            problems[Self.expiryProblem + name] = text
            if expiry > current { wake = min(wake ?? expiry, expiry) }
        }
        expiryWake = wake  // `STATUS=` follows at the loop's next step
    }

    /// Whether the expiry check is due (its wake-up passed).
    var expiryCheckDue: Bool {
        guard let expiryWake else { return false }
        return now() >= expiryWake
    }

    /// The `problems` key of an account's expiring credentials.
    static let expiryProblem = "expiry "
}
