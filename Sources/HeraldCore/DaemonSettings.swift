import Foundation

/// What to do with a post found overdue by more than `maxLateness` (`on_missed`).
public enum MissedPolicy: String, Sendable, Equatable {
    /// Publish it anyway, late.
    case publish
    /// Move it to the account's next free slot.
    case reschedule
    /// Give up on it.
    case fail
}

/// The `[daemon]` table of herald.toml.
public struct DaemonSettings: Sendable, Equatable {
    public var spool: String
    public var state: String
    public var defaultAccount: String?
    /// Seconds a post may be late and still go out as if on time.
    public var maxLateness: TimeInterval
    public var onMissed: MissedPolicy
    /// Seconds after the first attempt when a post that keeps failing temporarily fails for good.
    public var giveUpAfter: TimeInterval
    /// Seconds between periodic rescans of `incoming/` (inotify is the main path; this is the safety net).
    public var rescanInterval: TimeInterval
    /// How temporary publish failures are retried (`retry_base`, `retry_cap`).
    public var retry: Backoff

    public init(
        spool: String = "/var/spool/herald", state: String = "/var/lib/herald", defaultAccount: String? = nil,
        maxLateness: TimeInterval = 15 * 60, onMissed: MissedPolicy = .reschedule,
        giveUpAfter: TimeInterval = 24 * 3600, rescanInterval: TimeInterval = 300, retry: Backoff = Backoff()
    ) {
        self.spool = spool
        self.state = state
        self.defaultAccount = defaultAccount
        self.maxLateness = maxLateness
        self.onMissed = onMissed
        self.giveUpAfter = giveUpAfter
        self.rescanInterval = rescanInterval
        self.retry = retry
    }
}

/// A whole, validated configuration: what the daemon and the CLI act on.
public struct HeraldConfiguration: Sendable, Equatable {
    public var daemon: DaemonSettings
    public var accounts: [Account]
    /// `[[sessions]]`, typed and validated, in file order.
    public var sessions: [Session] = []
    /// `[policy]` and its word lists and terms (issue 6); the built-in defaults with no lists when absent.
    public var policy: PolicyConfiguration = PolicyConfiguration()

    public init(daemon: DaemonSettings = DaemonSettings(), accounts: [Account] = []) {
        self.daemon = daemon
        self.accounts = accounts
    }

    public func account(named name: String) -> Account? { accounts.first { $0.name == name } }

    /// The sessions of one account, in file order (they never overlap).
    public func sessions(of account: String) -> [Session] { sessions.filter { $0.account == account } }
}
