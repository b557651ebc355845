import Foundation

/// One configured publishing account (`[[accounts]]` in herald.toml), already validated.
public struct Account: Sendable, Equatable {
    /// Whether the account speaks as the brand ("we") or as a person.
    public enum Voice: String, Sendable, Equatable { case brand, personal }

    public var name: String
    public var network: Network
    public var baseURL: String?
    public var voice: Voice
    public var owner: String?
    /// The zone for local times, slots and quiet hours. Validated at load.
    public var timeZone: TimeZone
    public var language: String
    public var slots: [ClockTime]
    /// Minimum time between two statuses of this account, in seconds.
    public var minGap: TimeInterval
    public var maxPerDay: Int
    public var quiet: [QuietRange]
    public var audience: String?
    /// Minutes; how fast reactions fade (planner).
    public var halfLife: Double
    /// Outbox only: whose length rules and limits apply.
    public var countsAs: Network
    /// Exec only: the argv run for each status.
    public var command: [String]
    /// Seconds a single publish attempt may take before it counts as a temporary failure.
    public var timeout: TimeInterval
    /// Where the account's secret is (`credentials`): a systemd credential name or an absolute path. Never the
    /// secret itself.
    public var credentials: String?
    /// Mastodon's counting settings for this account (`max_characters`, `characters_reserved_per_url`): used when
    /// its length rules are Mastodon's.
    public var mastodon: MastodonSettings = .standard
    /// Who may post with this account (`submitters`): Unix user names and `@group`s. nil means anyone.
    public var submitters: [String]? = nil
    /// Who may approve or reject this account's held posts (`approvers`): user names and `@group`s.
    public var approvers: [String] = []
    /// Where `Kind: support` posts for this account go (`support_account`); validated to name an account.
    public var supportAccount: String? = nil
    /// Per-account rule settings (`policy = { profanity = "hold" }`), over `[policy]` and the built-in defaults.
    public var policy: [PolicyRule: PolicySetting] = [:]
    /// `media_dirs`: absolute directories `Media:` files must lie in (after resolving symlinks); empty means the
    /// account takes no media.
    public var mediaDirectories: [String] = []
    /// Mastodon only: who sees the account's statuses (`visibility`).
    public var mastodonVisibility: MastodonVisibility = .public
    /// `media_base_url`: the public address `media_dirs` are served at (Threads fetches images by URL). A file
    /// `DIR/a/b.png` under one of the directories is `BASE/a/b.png`.
    public var mediaBaseURL: String? = nil
    /// LinkedIn only: the author, visibility and API version of the account's posts.
    public var linkedIn: LinkedInSettings = LinkedInSettings()
    /// `evergreen`: an absolute directory of post files that fill the account's empty queue slots (issue 14); nil
    /// for none. Only with `slots`.
    public var evergreen: String? = nil
    /// `evergreen_min_interval`: how long one evergreen post rests before it may go out again (networks refuse
    /// the same text twice in a row).
    public var evergreenMinInterval: TimeInterval = 30 * 86_400
    /// `learn`: how often heraldd refits the account's curve from its own statuses' engagement (networks with
    /// metrics only: X, Mastodon, Bluesky).
    public var learn: LearnFrequency = .off

    public init(
        name: String, network: Network = .outbox, baseURL: String? = nil, voice: Voice = .brand,
        owner: String? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!, language: String = "en",
        slots: [ClockTime] = [], minGap: TimeInterval = 0, maxPerDay: Int = 0, quiet: [QuietRange] = [],
        audience: String? = nil, halfLife: Double = 24, countsAs: Network = .x, command: [String] = [],
        timeout: TimeInterval = 30, credentials: String? = nil
    ) {
        self.name = name
        self.network = network
        self.baseURL = baseURL
        self.voice = voice
        self.owner = owner
        self.timeZone = timeZone
        self.language = language
        self.slots = slots.sorted()
        self.minGap = minGap
        self.maxPerDay = maxPerDay
        self.quiet = quiet
        self.audience = audience
        self.halfLife = halfLife
        self.countsAs = countsAs
        self.command = command
        self.timeout = timeout
        self.credentials = credentials
    }

    /// The network whose length rules apply to this account's statuses.
    public var lengthRules: Network {
        switch network {
        case .outbox, .exec: countsAs
        default: network
        }
    }
}
