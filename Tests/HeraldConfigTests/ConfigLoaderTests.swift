import Foundation
import HeraldCore
import Testing
@testable import HeraldConfig

@Suite("ConfigLoader: valid files")
struct ConfigLoaderTests {
    /// DESIGN's example, plus the `ceo` account its session refers to and a few more keys.
    static let designConfig = """
        [daemon]
        spool = "/var/spool/herald"
        state = "/var/lib/herald"
        default_account = "brand"
        max_lateness = "15m"            # a post found overdue at start is published if late by less than this
        on_missed = "reschedule"        # otherwise: publish | reschedule (next slot) | fail
        give_up_after = "2d"
        rescan_interval = 120

        [[accounts]]
        name = "brand"
        network = "outbox"              # outbox | exec | x | mastodon | bluesky
        base_url = "https://api.x.com"  # network endpoint (tests point it at loopback)
        voice = "brand"                 # brand (speaks as "we") | personal
        owner = "Brian"                 # whose account it is
        time_zone = "America/New_York"
        language = "en"
        slots = ["09:00", "12:30", "17:15"]
        min_gap = "20m"
        max_per_day = 12
        quiet = ["23:00-07:00"]         # local hours with no posts
        audience = "us-coasts"          # optional; enables optimal placement
        half_life = 24                  # minutes; how fast reactions fade (planner)
        counts_as = "x"                 # outbox only: whose length rules to apply

        [[accounts]]
        name = "ceo"
        network = "mastodon"
        base_url = "http://127.0.0.1:8080"
        voice = "personal"
        time_zone = "America/Los_Angeles"
        language = "en-US"
        slots = ["17:15", "08:00"]
        credentials = "mastodon-ceo"
        timeout = "1m30s"

        [[accounts]]
        name = "hook"
        network = "exec"
        command = ["/usr/local/bin/post", "--quiet"]
        counts_as = "bluesky"
        quiet = ["12:00-13:00", "22:00-06:30"]
        half_life = 12.5

        [[audiences]]
        name = "us-coasts"
        zones = { "America/New_York" = 0.6, "America/Los_Angeles" = 0.4 }

        [[sessions]]                     # a delegated session
        name = "show-week"
        account = "ceo"
        start = "2027-01-07 08:00 America/Los_Angeles"
        end = "2027-01-10 18:00 America/Los_Angeles"
        delegates = ["team"]
        announce = "During the show some of my posts will be written by our team."
        reminder = "Reminder: our team is helping with this account during the show."
        every = 10
        hashtag = "#team"

        [policy]
        profanity = "reject"
        """

    @Test("a full DESIGN-style config parses into the expected values")
    func fullConfig() throws {
        let document = try ConfigLoader.parseDocument(Self.designConfig, path: "herald.toml")
        let config = document.configuration

        #expect(config.daemon == DaemonSettings(
            spool: "/var/spool/herald", state: "/var/lib/herald", defaultAccount: "brand", maxLateness: 900,
            onMissed: .reschedule, giveUpAfter: 172_800, rescanInterval: 120))

        #expect(config.accounts.map(\.name) == ["brand", "ceo", "hook"])
        let brand = Account(
            name: "brand", network: .outbox, baseURL: "https://api.x.com", voice: .brand, owner: "Brian",
            timeZone: TimeZone(identifier: "America/New_York")!, language: "en",
            slots: [ClockTime(hour: 9, minute: 0), ClockTime(hour: 12, minute: 30), ClockTime(hour: 17, minute: 15)],
            minGap: 1200, maxPerDay: 12, quiet: [QuietRange(parsing: "23:00-07:00")!], audience: "us-coasts",
            halfLife: 24, countsAs: .x, command: [], timeout: 30)
        #expect(config.account(named: "brand") == brand)

        let ceo = Account(
            name: "ceo", network: .mastodon, baseURL: "http://127.0.0.1:8080", voice: .personal,
            timeZone: TimeZone(identifier: "America/Los_Angeles")!, language: "en-US",
            slots: [ClockTime(hour: 8, minute: 0), ClockTime(hour: 17, minute: 15)], halfLife: 60, timeout: 90,
            credentials: "mastodon-ceo")
        #expect(config.account(named: "ceo") == ceo)
        #expect(config.account(named: "ceo")?.lengthRules == .mastodon)

        let hook = try #require(config.account(named: "hook"))
        #expect(hook.network == .exec)
        #expect(hook.command == ["/usr/local/bin/post", "--quiet"])
        #expect(hook.countsAs == .bluesky)
        #expect(hook.quiet == [QuietRange(parsing: "12:00-13:00")!, QuietRange(parsing: "22:00-06:30")!])
        #expect(hook.halfLife == 12.5)
        #expect(hook.timeZone.identifier == TimeZone(identifier: "UTC")!.identifier)
        #expect(hook.language == "en")

        #expect(document.credentials == ["ceo": "mastodon-ceo"])

        #expect(document.audiences.count == 1)
        let audience = try #require(document.audience(named: "us-coasts"))
        #expect(audience.zones == ["America/New_York": 0.6, "America/Los_Angeles": 0.4])
        #expect(audience.extra.isEmpty)
        #expect(audience.line == 45)
        #expect(audience.keyLines == ["name": 46, "zones": 47])

        #expect(document.sessions.count == 1)
        let session = try #require(document.sessions.first)
        #expect(session.name == "show-week")
        #expect(session.account == "ceo")
        #expect(session.delegates == ["team"])
        #expect(session.every == 10)
        #expect(session.fields["hashtag"] == .string("#team"))
        #expect(session.fields["start"] == .string("2027-01-07 08:00 America/Los_Angeles"))
        #expect(session.fields.keys.sorted() == ["announce", "end", "hashtag", "reminder", "start"])
        #expect(session.line == 49)
        #expect(session.keyLines["reminder"] == 56)

        #expect(document.policy == ["profanity": .string("reject")])
    }

    @Test("a minimal config works: one account is the default, everything else has defaults")
    func minimal() throws {
        let config = try ConfigLoader.parse("[[accounts]]\nname = \"solo\"\n", path: "min.toml")
        #expect(config.daemon.defaultAccount == "solo")
        #expect(config.daemon.spool == "/var/spool/herald")
        #expect(config.daemon.state == "/var/lib/herald")
        #expect(config.daemon.maxLateness == 900)
        #expect(config.daemon.onMissed == .reschedule)
        #expect(config.daemon.giveUpAfter == 86_400)
        #expect(config.daemon.rescanInterval == 300)
        let account = try #require(config.accounts.first)
        #expect(account == Account(name: "solo"))
        #expect(account.timeZone.identifier == TimeZone(identifier: "UTC")!.identifier)
        #expect(account.language == "en")
        #expect(account.network == .outbox)
        #expect(account.halfLife == 24)
    }

    @Test("with several accounts and no default_account there is no default")
    func noDefault() throws {
        let config = try ConfigLoader.parse("[[accounts]]\nname = \"a\"\n[[accounts]]\nname = \"b\"\n", path: "x")
        #expect(config.daemon.defaultAccount == nil)
    }

    @Test("half_life defaults follow the account's length rules", arguments: [
        ("network = \"x\"", 24.0), ("network = \"outbox\"", 24), ("network = \"exec\"\ncommand = [\"/bin/true\"]", 24),
        ("network = \"mastodon\"\nbase_url = \"https://m.example\"", 60), ("network = \"bluesky\"", 60),
        ("network = \"outbox\"\ncounts_as = \"bluesky\"", 60), ("half_life = \"1h30m\"", 90),
    ])
    func halfLife(keys: String, minutes: Double) throws {
        let config = try ConfigLoader.parse("[[accounts]]\nname = \"a\"\n\(keys)\n", path: "x")
        #expect(config.accounts.first?.halfLife == minutes)
    }

    @Test("durations may be integers (seconds) or strings, zero where it makes sense")
    func durations() throws {
        let text = """
            [daemon]
            max_lateness = 0
            give_up_after = 3600
            rescan_interval = "45s"
            [[accounts]]
            name = "a"
            min_gap = "0s"
            timeout = "500ms"
            """
        let config = try ConfigLoader.parse(text, path: "x")
        #expect(config.daemon.maxLateness == 0)
        #expect(config.daemon.giveUpAfter == 3600)
        #expect(config.daemon.rescanInterval == 45)
        #expect(config.accounts.first?.minGap == 0)
        #expect(config.accounts.first?.timeout == 0.5)
    }

    @Test("CRLF line endings and a byte order mark are accepted")
    func crlfAndBOM() throws {
        let text = "\u{FEFF}[daemon]\r\nstate = \"/tmp/s\"\r\n\r\n[[accounts]]\r\nname = \"a\"\r\n"
        let config = try ConfigLoader.parse(text, path: "x")
        #expect(config.daemon.state == "/tmp/s")
        #expect(config.accounts.map(\.name) == ["a"])
    }

    @Test("the sample etc/herald/herald.toml parses and uses the outbox")
    func sample() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("etc/herald/herald.toml").path
        let document = try ConfigLoader.loadDocument(path: path)
        let config = document.configuration
        #expect(config.daemon.defaultAccount == "brand")
        #expect(config.accounts.count == 1)
        let brand = try #require(config.account(named: "brand"))
        #expect(brand.network == .outbox)
        #expect(brand.countsAs == .x)
        #expect(brand.timeZone.identifier == "America/New_York")
        #expect(brand.slots.map(\.description) == ["09:00", "12:30", "17:15"])
        #expect(brand.minGap == 1200)
        #expect(brand.quiet == [QuietRange(parsing: "23:00-07:00")!])
        #expect(document.audiences.isEmpty)
        #expect(document.sessions.isEmpty)
    }

    @Test("the sample's commented-out examples are valid once uncommented")
    func sampleExamples() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("etc/herald/herald.toml").path
        let sample = try String(contentsOfFile: path, encoding: .utf8)
        // Uncomment `# key = …` and `# [[table]]` lines, leaving prose comments alone.
        let uncommented = sample.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("# ") else { return String(line) }
            let rest = line.dropFirst(2)
            let isKey = rest.range(of: #"^[a-z_]+ = "#, options: .regularExpression) != nil
            let looksLikeTOML = rest.hasPrefix("[[") || isKey
            return looksLikeTOML ? String(rest) : String(line)
        }.joined(separator: "\n")
        let document = try ConfigLoader.parseDocument(uncommented, path: path)
        let names = document.configuration.accounts.map(\.name)
        #expect(names == ["brand", "newsroom", "ceo", "brand-social", "brand-sky"])
        #expect(document.configuration.account(named: "brand")?.audience == "us-coasts")
        #expect(document.audiences.map(\.name) == ["us-coasts"])
        #expect(document.sessions.map(\.name) == ["show-week"])
        #expect(document.credentials["brand-sky"] == "/etc/herald/credentials/bluesky-brand")
    }

    @Test("load reads a file from disk")
    func loadFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(UUID()).toml").path
        try "[[accounts]]\nname = \"disk\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ConfigLoader.load(path: path).accounts.map(\.name) == ["disk"])
    }
}

@Suite("Retry settings")
struct RetrySettingsTests {
    @Test func retryBaseAndCapAreRead() throws {
        let config = try ConfigLoader.parse("""
            [daemon]
            retry_base = "2s"
            retry_cap = "10s"

            [[accounts]]
            name = "a"
            """, path: "t.toml")
        #expect(config.daemon.retry.base == 2)
        #expect(config.daemon.retry.cap == 10)
    }

    @Test func aCapShorterThanTheBaseIsAnErrorOnItsLine() {
        #expect {
            try ConfigLoader.parse("[daemon]\nretry_base = \"1m\"\nretry_cap = \"10s\"\n\n[[accounts]]\nname = \"a\"\n",
                                   path: "t.toml")
        } throws: { error in
            "\(error)".hasPrefix("t.toml:3:") && "\(error)".contains("retry_cap")
        }
    }
}

@Suite("Mastodon instance settings")
struct MastodonSettingsConfigTests {
    @Test func maxCharactersAndReservedURLLengthAreRead() throws {
        let config = try ConfigLoader.parse("""
            [[accounts]]
            name = "fosstodon"
            network = "mastodon"
            base_url = "https://fosstodon.example"
            max_characters = 1000
            characters_reserved_per_url = 30
            """, path: "t.toml")
        let account = try #require(config.account(named: "fosstodon"))
        #expect(account.mastodon == MastodonSettings(maxCharacters: 1000, charactersReservedPerURL: 30))
        let post = try PostFile.parse(Array(("Account: fosstodon\n\n" + String(repeating: "a", count: 900)).utf8))
        #expect(PostValidator.validate(post, config: config, now: Date()).isValid)
        let long = try PostFile.parse(Array(("Account: fosstodon\n\n" + String(repeating: "a", count: 1001)).utf8))
        #expect(!PostValidator.validate(long, config: config, now: Date()).isValid)
    }

    @Test func theKeysAreRefusedWhereMastodonRulesDoNotApply() {
        #expect {
            try ConfigLoader.parse("[[accounts]]\nname = \"a\"\nnetwork = \"outbox\"\nmax_characters = 900\n",
                                   path: "t.toml")
        } throws: { error in
            "\(error)".hasPrefix("t.toml:4:") && "\(error)".contains("max_characters")
        }
        #expect(throws: Never.self) {
            try ConfigLoader.parse("""
                [[accounts]]
                name = "a"
                network = "outbox"
                counts_as = "mastodon"
                max_characters = 900
                """, path: "t.toml")
        }
    }
}
