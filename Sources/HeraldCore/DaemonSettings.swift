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
    /// How far past a window's start the planner looks (`horizon`, default 7 days).
    public var horizon: TimeInterval = 7 * 86_400
    /// Planned posts due within this much of now are not moved again (`freeze`, default 1 hour).
    public var freeze: TimeInterval = 3_600
    /// Where `[[audiences]]` curves are read from (`curves`); nil means `curves/` beside the config file.
    public var curves: String?
    /// Where the Prometheus endpoint listens (`metrics`); nil (the default) serves none.
    public var metrics: MetricsListen?
    /// A shared PostgreSQL database (`database`, issue 17); nil (the default) keeps the state in SQLite under
    /// `state`.
    public var database: PostgresLocation?
    /// The credentials file holding the database's password (`database_password`: a systemd credential name or
    /// an absolute path); nil when the server needs none (a unix socket with peer authentication).
    public var databasePassword: String?
    /// This node's name among the nodes sharing `database` (`node`); nil for the host name.
    public var node: String?
    /// How long a node's claim on an account lasts unless renewed (`lease`, default 30 s): a node killed or cut
    /// off loses its accounts to the others this long after its last renewal. Renewed every third of it.
    public var lease: TimeInterval = 30

    /// The planner these settings describe.
    public var planner: Planner { Planner(horizon: horizon, freeze: freeze) }

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
    /// `[[audiences]]`, typed with their curves, in file order.
    public var audiences: [Audience] = []
    /// The curves directory's `default.csv` (the built-in curve when there is none): zones without a named curve
    /// use it, and `herald learn` shrinks toward it where data is thin.
    public var defaultCurve: ActivityCurve = .standard
    /// `[policy]` and its word lists and terms (issue 6); the built-in defaults and word lists when absent.
    public var policy: PolicyConfiguration = .builtIn
    /// `[[feeds]]`, in file order (issue 14).
    public var feeds: [Feed] = []
    /// `[[notify]]`: where the events that need a person are delivered (issue 15), in file order.
    public var notify: [NotifyTarget] = []

    public init(daemon: DaemonSettings = DaemonSettings(), accounts: [Account] = []) {
        self.daemon = daemon
        self.accounts = accounts
    }

    public func account(named name: String) -> Account? { accounts.first { $0.name == name } }

    /// The sessions of one account, in file order (they never overlap).
    public func sessions(of account: String) -> [Session] { sessions.filter { $0.account == account } }
}
