import HeraldCore

/// Everything herald.toml says, validated: the typed `HeraldConfiguration` the daemon runs on, plus the parts later
/// features will type fully (audiences, sessions, policy) and the per-account credential references.
public struct ConfigDocument: Sendable, Equatable {
    /// The path the document was read from, as given to the loader (for later error messages).
    public var file: String
    public var configuration: HeraldConfiguration
    /// `[[audiences]]`, in file order.
    public var audiences: [AudienceConfig]
    /// `[[sessions]]`, in file order.
    public var sessions: [SessionConfig]
    /// Account name → its `credentials` value (a systemd credential name or a file path; never the secret itself).
    /// Accounts without the key are absent.
    public var credentials: [String: String]
    /// The `[policy]` table as written (for tools); the typed policy is `configuration.policy`.
    public var policy: [String: ConfigValue]?

    public init(
        file: String, configuration: HeraldConfiguration, audiences: [AudienceConfig] = [],
        sessions: [SessionConfig] = [], credentials: [String: String] = [:], policy: [String: ConfigValue]? = nil
    ) {
        self.file = file
        self.configuration = configuration
        self.audiences = audiences
        self.sessions = sessions
        self.credentials = credentials
        self.policy = policy
    }

    public func audience(named name: String) -> AudienceConfig? { audiences.first { $0.name == name } }
}

/// One `[[audiences]]` table: zones with weights. Its name is unique and every zone is a known IANA zone.
/// Keys other than `name` and `zones` (per-zone curves, say) are kept as they are for the planner to read.
public struct AudienceConfig: Sendable, Equatable {
    public var name: String
    /// IANA zone identifier → non-negative weight.
    public var zones: [String: Double]
    /// Every key of the table except `name` and `zones`.
    public var extra: [String: ConfigValue]
    /// The line of the table's `[[audiences]]` header.
    public var line: Int?
    /// The line of each key of the table, for errors found later.
    public var keyLines: [String: Int]

    public init(
        name: String, zones: [String: Double], extra: [String: ConfigValue] = [:], line: Int? = nil,
        keyLines: [String: Int] = [:]
    ) {
        self.name = name
        self.zones = zones
        self.extra = extra
        self.line = line
        self.keyLines = keyLines
    }
}

/// One `[[sessions]]` table (a delegated session), lightly typed: its name is unique, its account exists,
/// `delegates` is a list of strings and `every` a positive integer. The other keys (`start`, `end`, `announce`,
/// `announce_at`, `reminder`, `hashtag`, `closing`, …) are kept as they are for the sessions feature to validate.
public struct SessionConfig: Sendable, Equatable {
    public var name: String
    public var account: String
    public var delegates: [String]
    /// Every Nth status during the session is a reminder (default 10).
    public var every: Int
    /// Every key of the table except `name`, `account`, `delegates` and `every`.
    public var fields: [String: ConfigValue]
    /// The line of the table's `[[sessions]]` header.
    public var line: Int?
    /// The line of each key of the table, for errors found later (a reminder too long for the network, say).
    public var keyLines: [String: Int]

    public init(
        name: String, account: String, delegates: [String] = [], every: Int = 10, fields: [String: ConfigValue] = [:],
        line: Int? = nil, keyLines: [String: Int] = [:]
    ) {
        self.name = name
        self.account = account
        self.delegates = delegates
        self.every = every
        self.fields = fields
        self.line = line
        self.keyLines = keyLines
    }
}
