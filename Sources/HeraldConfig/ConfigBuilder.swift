import Foundation
import HeraldCore

/// Turns the parsed TOML tree into a `ConfigDocument`, checking every key. Errors are thrown at the first problem,
/// table by table in this order: top-level keys, `[daemon]`, each `[[accounts]]`, `[[audiences]]`, the accounts'
/// audience references, `default_account`, `[[sessions]]`, `[policy]`, `[[feeds]]`, `[[notify]]`.
struct ConfigBuilder {
    let file: String
    let locator: TOMLSourceLocator

    static let topLevelKeys = ["daemon", "accounts", "audiences", "sessions", "policy", "feeds", "notify"]
    static let daemonKeys = [
        "spool", "state", "default_account", "max_lateness", "on_missed", "give_up_after", "rescan_interval",
        "retry_base", "retry_cap", "horizon", "freeze", "curves", "metrics", "database", "database_password",
        "node", "lease",
    ]
    static let accountKeys = [
        "name", "network", "base_url", "voice", "owner", "time_zone", "language", "slots", "min_gap", "max_per_day",
        "quiet", "audience", "half_life", "counts_as", "command", "timeout", "credentials",
        "max_characters", "characters_reserved_per_url",
        "visibility", "media_dirs", "media_base_url", "author", "linkedin_version", "evergreen",
        "evergreen_min_interval", "learn",
    ] + accountPolicyKeys

    func build(root: [String: ConfigValue]) throws(ConfigError) -> ConfigDocument {
        let top = TableReader(file: file, locator: locator, path: [], subject: "", fields: root)
        try top.rejectUnknownKeys(allowed: Self.topLevelKeys)

        let daemonTable = try top.table("daemon")
        let daemonReader = top.child([.key("daemon")], subject: "daemon", fields: daemonTable ?? [:])
        var daemon = try readDaemon(daemonReader)

        let accountTables = try top.arrayOfTables("accounts")
        guard !accountTables.isEmpty else {
            throw .invalid(file: file, line: top.locator.position(of: [.key("accounts")])?.line, subject: "",
                           problem: .noAccounts)
        }
        var accounts: [Account] = []
        var credentials: [String: String] = [:]
        var accountReaders: [TableReader] = []
        for (index, fields) in accountTables.enumerated() {
            let reader = top.child([.key("accounts"), .index(index)], subject: "accounts[\(index + 1)]",
                                   fields: fields)
            let (account, credential, named) = try readAccount(reader)
            if let first = accounts.firstIndex(where: { $0.name == account.name }) {
                let firstLine = accountReaders[first].line(of: "name")
                let problem = ConfigProblem.duplicateName(kind: "account", name: account.name, firstLine: firstLine)
                throw named.error(problem, key: "name")
            }
            accounts.append(account)
            accountReaders.append(named)
            if let credential { credentials[account.name] = credential }
        }

        let audiences = try readAudiences(top)
        let typedAudiences = try typeAudiences(audiences, top: top, daemon: daemon)
        for (account, reader) in zip(accounts, accountReaders) {
            if let audience = account.audience, !audiences.contains(where: { $0.name == audience }) {
                throw reader.error(.unknownAudience(audience), key: "audience")
            }
        }

        if let name = daemon.defaultAccount {
            guard accounts.contains(where: { $0.name == name }) else {
                throw daemonReader.error(.unknownAccount(key: "default_account", name: name), key: "default_account")
            }
        } else if accounts.count == 1 {
            daemon.defaultAccount = accounts[0].name
        }

        let (sessions, typedSessions) = try readSessions(top, accounts: accounts)

        // [policy] as written, kept for tools; typed into configuration.policy below.
        let policy = try top.table("policy")

        var configuration = HeraldConfiguration(daemon: daemon, accounts: accounts)
        configuration.sessions = typedSessions
        configuration.audiences = typedAudiences.audiences
        configuration.defaultCurve = typedAudiences.defaultCurve
        configuration.policy = try readPolicy(top, accounts: accounts, readers: accountReaders)
        configuration.feeds = try readFeeds(top, accounts: accounts)
        configuration.notify = try readNotify(top, accounts: accounts)
        return ConfigDocument(
            file: file, configuration: configuration, audiences: audiences, sessions: sessions,
            credentials: credentials, policy: policy)
    }

    // MARK: [daemon]

    func readDaemon(_ reader: TableReader) throws(ConfigError) -> DaemonSettings {
        try reader.rejectUnknownKeys(allowed: Self.daemonKeys)
        var daemon = DaemonSettings()
        if let spool = try reader.nonEmptyString("spool") { daemon.spool = spool }
        if let state = try reader.nonEmptyString("state") { daemon.state = state }
        daemon.defaultAccount = try reader.nonEmptyString("default_account")
        if let seconds = try reader.duration("max_lateness") { daemon.maxLateness = seconds }
        if let text = try reader.string("on_missed") {
            guard let policy = MissedPolicy(rawValue: text) else {
                throw reader.error(.badMissedPolicy(text), key: "on_missed")
            }
            daemon.onMissed = policy
        }
        if let seconds = try reader.duration("give_up_after", allowZero: false) { daemon.giveUpAfter = seconds }
        if let seconds = try reader.duration("rescan_interval", allowZero: false) { daemon.rescanInterval = seconds }
        if let seconds = try reader.duration("retry_base", allowZero: false) { daemon.retry.base = seconds }
        if let seconds = try reader.duration("retry_cap", allowZero: false) { daemon.retry.cap = seconds }
        if let seconds = try reader.duration("horizon", allowZero: false) { daemon.horizon = seconds }
        if let seconds = try reader.duration("freeze") { daemon.freeze = seconds }
        daemon.curves = try reader.nonEmptyString("curves")
        if let text = try reader.string("metrics") {
            guard let listen = MetricsListen(parsing: text) else {
                let reason = "must be a loopback address (127.0.0.1:PORT, [::1]:PORT, localhost:PORT) or "
                    + "unix:/absolute/path, not \"\(text)\": the endpoint has no authentication"
                throw reader.error(.invalidValue(key: "metrics", reason: reason), key: "metrics")
            }
            daemon.metrics = listen
        }
        if let text = try reader.nonEmptyString("database") {
            do {
                daemon.database = try PostgresLocation.parse(text)
            } catch {
                throw reader.error(.invalidValue(key: "database", reason: error.description), key: "database")
            }
        }
        daemon.databasePassword = try reader.nonEmptyString("database_password")
        daemon.node = try reader.nonEmptyString("node")
        if let seconds = try reader.duration("lease", allowZero: false) {
            guard seconds >= 3 else {
                throw reader.error(.invalidValue(key: "lease", reason: "must be at least 3s"), key: "lease")
            }
            daemon.lease = seconds
        }
        for key in ["database_password", "node", "lease"] where daemon.database == nil && reader.fields[key] != nil {
            throw reader.error(.invalidValue(key: key, reason: "applies only with database"), key: key)
        }
        if let node = daemon.node,
           !node.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
            throw reader.error(.invalidValue(key: "node", reason: "letters, digits, '-', '_' and '.' only"),
                               key: "node")
        }
        if daemon.retry.cap < daemon.retry.base {
            throw reader.error(.invalidValue(key: "retry_cap", reason: "must not be shorter than retry_base"),
                               key: "retry_cap")
        }
        return daemon
    }

    // MARK: [[accounts]]

    /// One account, its `credentials` value, and the reader renamed `accounts[N] (name)` for later errors.
    func readAccount(_ reader: TableReader) throws(ConfigError) -> (Account, String?, TableReader) {
        var reader = reader
        let name = try readName(&reader, kind: "account", allowedKeys: Self.accountKeys)

        var account = Account(name: name)
        if let text = try reader.string("network") {
            guard let network = Network(rawValue: text) else {
                throw reader.error(.unknownNetwork(text), key: "network")
            }
            account.network = network
        }
        if let url = try reader.string("base_url") {
            guard Self.isValidHTTPURL(url) else {
                throw reader.error(.badURL(key: "base_url", value: url), key: "base_url")
            }
            account.baseURL = url
        }
        if let text = try reader.string("voice") {
            guard let voice = Account.Voice(rawValue: text) else { throw reader.error(.badVoice(text), key: "voice") }
            account.voice = voice
        }
        account.owner = try reader.nonEmptyString("owner")
        if let zone = try reader.string("time_zone") {
            guard let timeZone = Self.timeZone(zone) else {
                throw reader.error(.unknownTimeZone(zone), key: "time_zone")
            }
            account.timeZone = timeZone
        }
        if let language = try reader.string("language") {
            guard Self.isValidLanguageTag(language) else {
                throw reader.error(.badLanguage(language), key: "language")
            }
            account.language = language
        }
        if let texts = try reader.strings("slots") { account.slots = try readSlots(texts, reader).sorted() }
        if let seconds = try reader.duration("min_gap") { account.minGap = seconds }
        if let count = try reader.nonNegativeInteger("max_per_day") { account.maxPerDay = count }
        if let texts = try reader.strings("quiet") {
            account.quiet = []
            for (index, text) in texts.enumerated() {
                guard let range = QuietRange(parsing: text) else {
                    throw reader.error(.badQuietRange(text), at: [.key("quiet"), .index(index)])
                }
                account.quiet.append(range)
            }
        }
        account.audience = try reader.nonEmptyString("audience")
        if let text = try reader.string("counts_as") {
            guard let network = Network(rawValue: text), network.isRealNetwork else {
                throw reader.error(.badCountsAs(text), key: "counts_as")
            }
            guard account.network == .outbox || account.network == .exec else {
                throw reader.error(.keyNotForNetwork(key: "counts_as", network: account.network.rawValue),
                                   key: "counts_as")
            }
            account.countsAs = network
        }
        account.halfLife = try readHalfLife(reader) ?? Self.defaultHalfLife(for: account.lengthRules)
        if let command = try reader.strings("command") {
            guard account.network == .exec else {
                throw reader.error(.keyNotForNetwork(key: "command", network: account.network.rawValue),
                                   key: "command")
            }
            guard let program = command.first, !program.isEmpty else {
                throw reader.error(.execWithoutCommand, key: "command")
            }
            account.command = command
        } else if account.network == .exec {
            throw reader.error(.execWithoutCommand, key: "network")
        }
        if account.network == .mastodon && account.baseURL == nil {
            throw reader.error(.baseURLRequired(network: "mastodon"), key: "network")
        }
        if let seconds = try reader.duration("timeout", allowZero: false) { account.timeout = seconds }
        for key in ["max_characters", "characters_reserved_per_url"] where reader.fields[key] != nil {
            guard account.lengthRules == .mastodon else {
                throw reader.error(.keyNotForNetwork(key: key, network: account.network.rawValue), key: key)
            }
            guard let value = try reader.nonNegativeInteger(key), value > 0 else {
                throw reader.error(.invalidValue(key: key, reason: "must be a positive number"), key: key)
            }
            if key == "max_characters" {
                account.mastodon.maxCharacters = value
            } else {
                account.mastodon.charactersReservedPerURL = value
            }
        }
        try readMastodonKeys(reader, into: &account)
        try readLinkedInKeys(reader, into: &account)
        try readLearnKey(reader, into: &account)
        try readNetworkKeys(reader, into: &account)
        try readEvergreenKeys(reader, into: &account)
        try readMediaBaseURL(reader, into: &account)
        let credentials = try reader.nonEmptyString("credentials")
        account.credentials = credentials
        try readAccountPolicy(reader, into: &account)
        return (account, credentials, reader)
    }

    func readSlots(_ texts: [String], _ reader: TableReader) throws(ConfigError) -> [ClockTime] {
        var slots: [ClockTime] = []
        for (index, text) in texts.enumerated() {
            guard let slot = ClockTime(parsing: text.trimmingCharacters(in: .whitespaces)) else {
                throw reader.error(.badSlot(text), at: [.key("slots"), .index(index)])
            }
            guard !slots.contains(slot) else {
                throw reader.error(.duplicateSlot(slot.description), at: [.key("slots"), .index(index)])
            }
            slots.append(slot)
        }
        return slots
    }

    /// `half_life` in minutes: a number of minutes, or a duration string (`"1h"`). Must be greater than zero.
    func readHalfLife(_ reader: TableReader) throws(ConfigError) -> Double? {
        guard let value = reader.fields["half_life"] else { return nil }
        let minutes: Double
        let written: String
        switch value {
        case .integer(let number):
            minutes = Double(number)
            written = String(number)
        case .float(let number):
            minutes = number
            written = String(number)
        case .string(let text):
            guard let seconds = DurationParser.seconds(from: text) else {
                throw reader.error(.badDuration(key: "half_life", value: text), key: "half_life")
            }
            minutes = seconds / 60
            written = text
        default:
            let expected = "a number of minutes or a duration such as \"24m\""
            throw reader.error(.wrongType(key: "half_life", expected: expected, found: value.typeDescription),
                               key: "half_life")
        }
        guard minutes.isFinite, minutes > 0 else {
            throw reader.error(.notPositive(key: "half_life", value: written), key: "half_life")
        }
        return minutes
    }

    /// Minutes (issue 4): half of X reactions arrive within 24 minutes; Mastodon, Bluesky and Threads fade more
    /// slowly, and a LinkedIn post is still read hours later.
    static func defaultHalfLife(for lengthRules: Network) -> Double {
        switch lengthRules {
        case .x, .outbox, .exec: 24
        case .mastodon, .bluesky, .threads: 60
        case .linkedin: 180
        }
    }

    // MARK: [[audiences]]

    func readAudiences(_ top: TableReader) throws(ConfigError) -> [AudienceConfig] {
        var audiences: [AudienceConfig] = []
        for (index, fields) in try top.arrayOfTables("audiences").enumerated() {
            var reader = top.child([.key("audiences"), .index(index)], subject: "audiences[\(index + 1)]",
                                   fields: fields)
            let name = try readName(&reader, kind: "audience", allowedKeys: Self.audienceKeys)
            if let first = audiences.first(where: { $0.name == name }) {
                throw reader.error(.duplicateName(kind: "audience", name: name, firstLine: first.keyLines["name"]),
                                   key: "name")
            }
            guard let zoneTable = try reader.table("zones") else { throw reader.error(.missingKey("zones")) }
            guard !zoneTable.isEmpty else { throw reader.error(.emptyValue(key: "zones"), key: "zones") }
            var zones: [String: Double] = [:]
            for zone in zoneTable.keys.sorted(by: { reader.line(ofZone: $0) < reader.line(ofZone: $1) }) {
                let path: ConfigPath = [.key("zones"), .key(zone)]
                guard Self.timeZone(zone) != nil else { throw reader.error(.unknownTimeZone(zone), at: path) }
                guard let weight = zoneTable[zone]?.numberValue, weight.isFinite, weight >= 0 else {
                    throw reader.error(.badZoneWeight(zone: zone), at: path)
                }
                zones[zone] = weight
            }
            guard zones.values.contains(where: { $0 > 0 }) else {
                throw reader.error(.invalidValue(key: "zones", reason: "at least one weight must be above zero"),
                                   key: "zones")
            }
            var extra = fields
            extra["name"] = nil
            extra["zones"] = nil
            audiences.append(AudienceConfig(name: name, zones: zones, extra: extra, line: reader.line,
                                            keyLines: reader.keyLines))
        }
        return audiences
    }

    // MARK: [[sessions]]

    /// The sessions as written and, typed, as the daemon runs them (see `readSession`).
    func readSessions(_ top: TableReader, accounts: [Account]) throws(ConfigError) -> ([SessionConfig], [Session]) {
        var sessions: [SessionConfig] = []
        var written: [(TableReader, Account)] = []
        var typed: [(Session, TableReader)] = []
        for (index, fields) in try top.arrayOfTables("sessions").enumerated() {
            var reader = top.child([.key("sessions"), .index(index)], subject: "sessions[\(index + 1)]",
                                   fields: fields)
            let name = try readName(&reader, kind: "session", allowedKeys: nil)
            if let first = sessions.first(where: { $0.name == name }) {
                throw reader.error(.duplicateName(kind: "session", name: name, firstLine: first.keyLines["name"]),
                                   key: "name")
            }
            guard let account = try reader.string("account") else { throw reader.error(.missingKey("account")) }
            guard let configured = accounts.first(where: { $0.name == account }) else {
                throw reader.error(.unknownAccount(key: "account", name: account), key: "account")
            }
            let delegates = try reader.strings("delegates") ?? []
            let every = try reader.integer("every") ?? 10
            guard every > 0 else { throw reader.error(.notPositive(key: "every", value: String(every)), key: "every") }
            var rest = fields
            for key in ["name", "account", "delegates", "every"] { rest[key] = nil }
            sessions.append(SessionConfig(name: name, account: account, delegates: delegates, every: every,
                                          fields: rest, line: reader.line, keyLines: reader.keyLines))
            written.append((reader, configured))
        }
        // Typed once every table passed the light checks above, so those errors come first, in file order.
        for (session, (reader, account)) in zip(sessions, written) {
            typed.append((try readSession(reader, name: session.name, account: account, delegates: session.delegates,
                                          every: session.every, earlier: typed), reader))
        }
        return (sessions, typed.map(\.0))
    }

    /// The required, valid `name` of an account, audience or session; adds it to the reader's subject. With
    /// `allowedKeys`, unknown keys are refused first, so that a misspelt `name` is reported as a typo.
    func readName(_ reader: inout TableReader, kind: String, allowedKeys: [String]?) throws(ConfigError) -> String {
        if let name = reader.fields["name"]?.stringValue, Self.isValidName(name) { reader.subject += " (\(name))" }
        if let allowedKeys { try reader.rejectUnknownKeys(allowed: allowedKeys) }
        guard let name = try reader.string("name") else { throw reader.error(.missingKey("name")) }
        guard Self.isValidName(name) else { throw reader.error(.badName(kind: kind, name: name), key: "name") }
        return name
    }

    // MARK: Value rules

    /// Names become directory names (`STATE/outbox/NAME/`) and appear comma-separated in post headers:
    /// ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most 64 characters.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64,
              ("0"..."9").contains(first) || isASCIILetter(first)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            isASCIILetter($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
    }

    /// An IANA zone name (`Europe/Oslo`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`) or `UTC` that this system
    /// knows. Abbreviations such as `EST` and ad-hoc names such as `GMT+1`, which Foundation also accepts, are
    /// refused: their meaning is not the IANA one. The same rule as the `At:` header's zones (HeraldCore's
    /// `TimeSpec`), so a zone the config accepts is one a post file may name.
    static func timeZone(_ identifier: String) -> TimeZone? {
        let segments = identifier.split(separator: "/", omittingEmptySubsequences: false)
        let looksLikeIANA = segments.count >= 2 && segments.allSatisfy { segment in
            guard let first = segment.unicodeScalars.first, isASCIILetter(first) else { return false }
            return segment.unicodeScalars.allSatisfy {
                isASCIILetter($0) || ("0"..."9").contains($0) || "_+-".unicodeScalars.contains($0)
            }
        }
        guard identifier == "UTC" || looksLikeIANA else { return nil }
        return TimeZone(identifier: identifier)
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// A well-formed BCP 47 tag, by the same rule as the `Language:` header (HeraldCore's `LanguageTag`).
    static func isValidLanguageTag(_ tag: String) -> Bool { LanguageTag.isWellFormed(tag) }

    /// An absolute `http` or `https` URL with a host (tests point accounts at loopback over plain http).
    static func isValidHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}

extension TableReader {
    /// The line of a zone inside this audience's `zones` table, for ordering zone errors as written.
    func line(ofZone zone: String) -> Int {
        locator.position(of: path + [.key("zones"), .key(zone)])?.line ?? .max
    }
}
