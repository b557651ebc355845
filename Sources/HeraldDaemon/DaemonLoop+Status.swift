import Foundation
import HeraldCore

/// What systemd is told: `STATUS=` with degraded states first, and the watchdog's pings.
extension DaemonLoop {
    func pingWatchdog() {
        guard let interval = watchdogInterval else { return }
        let current = ContinuousClock.now
        if current - lastWatchdog >= interval {
            _ = try? notifier.watchdog()
            lastWatchdog = current
        }
    }

    /// The policy's warnings (a terms file with no terms) keep `STATUS=` degraded until a reload clears them.
    func notePolicyWarnings() {
        let warnings = config.policy.warnings
        problems["policy"] = warnings.isEmpty ? nil : "policy: " + warnings.joined(separator: "; ")
    }

    func degraded(_ area: String, _ reason: String) {
        if problems[area] != reason {
            events.logger.error("degraded", metadata: ["HERALD_ERROR": "\(reason)"])
        }
        problems[area] = reason
        updateStatus()
    }

    /// `STATUS=`: degraded states first, then the queue: "3 queued; next 2026-11-23 14:00 UTC (brand)", with
    /// ", 1 held" after the count while posts wait for an approver.
    func updateStatus(next: (account: String, at: Date)?? = nil, force: Bool = false) {
        let next = next ?? (try? database.dueSummary(now: now(), accounts: activeAccounts, busy: []))?.next
        let queued = (try? database.queuedCount()) ?? 0
        var text = "\(queued) queued"
        if let held = try? database.heldCount(), held > 0 { text += ", \(held) held" }
        if let next {
            text += "; next \(StatusText.format(next.at)) (\(next.account))"
        }
        if !problems.isEmpty {
            text = "degraded: " + problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "; ")
                + "; " + text
        }
        if force || text != lastStatus {
            lastStatus = text
            _ = try? notifier.status(text)
        }
    }
}

/// Formats instants for `STATUS=` as DESIGN shows them: `2026-11-23 14:00 UTC`.
enum StatusText {
    static func format(_ date: Date) -> String {
        let text = RFC3339.string(from: date)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }
}
