/// What `[policy]` and the files it names gave (issue 6): rule settings, word lists, confidential terms and the
/// handles never to reply to. Per-account overrides live on `Account.policy`.
public struct PolicyConfiguration: Sendable, Equatable {
    /// `[policy] profanity = "hold"` and the like; a rule absent here has its built-in default.
    public var settings: [PolicyRule: PolicySetting]
    /// `[policy] profanity = { brand = "reject", personal = "off" }`: settings by account voice, over `settings`.
    public var voiceSettings: [Account.Voice: [PolicyRule: PolicySetting]] = [:]
    /// Profanity word lists by lowercased primary language subtag (`en`, `fr`, `nb`).
    public var profanity: [String: ProfanityList]
    public var terms: [ConfidentialTerm]
    /// The file `terms` came from (`[policy] terms`), nil when none is named.
    public var termsFile: String?
    /// What the configuration asked for but the gate cannot fully do, each a sentence with the file it concerns
    /// (a terms file with no terms): `herald check-config` prints them, heraldd logs them and shows them in
    /// `STATUS=` as degraded. Everything worse is an error that stops the load.
    public var warnings: [String] = []
    /// Handles as configured (`@troll`, `@troll@mastodon.social`).
    public var neverReplyTo: [String]
    /// The accounts some account names as its `support_account`: support posts are at home there (rule 5 never
    /// hits them).
    public var supportAccounts: Set<String> = []

    public init(
        settings: [PolicyRule: PolicySetting] = [:], profanity: [String: ProfanityList] = [:],
        terms: [ConfidentialTerm] = [], neverReplyTo: [String] = []
    ) {
        self.settings = settings
        self.profanity = profanity
        self.terms = terms
        self.neverReplyTo = neverReplyTo
    }

    /// The built-in rule defaults with Herald's built-in word lists: what a configuration without `[policy]` and
    /// without a policy directory gets (never a gate with no words).
    public static let builtIn = PolicyConfiguration(
        profanity: ProfanityList.builtIn.mapValues { $0.asBuiltIn() })

    /// The setting of `rule` for `account`: the account's override, else `[policy]`'s for the account's voice, else
    /// `[policy]`'s for every account, else the built-in default.
    public func setting(for rule: PolicyRule, account: Account) -> PolicySetting {
        account.policy[rule] ?? voiceSettings[account.voice]?[rule] ?? settings[rule]
            ?? Self.builtInDefault(for: rule, voice: account.voice)
    }

    /// The defaults of issue 6: profanity rejects on brand accounts and warns on personal ones, brand voice warns
    /// (and only applies to brand accounts), embargoes warn (the post is accepted and scheduled later), everything
    /// else rejects.
    public static func builtInDefault(for rule: PolicyRule, voice: Account.Voice) -> PolicySetting {
        switch rule {
        case .profanity: voice == .brand ? .reject : .warn
        case .voice: voice == .brand ? .warn : .off
        case .embargo: .warn
        case .confidential, .neverReplyTo, .support, .submitters: .reject
        }
    }
}
