import Foundation
import HeraldCore
import Testing
@testable import HeraldConfig

/// A config text and the exact error it must produce.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var expected: String
    var path = "t.toml"

    var testDescription: String { name }
}

/// Parses `text`, expecting it to fail; returns the error.
func parseFailure(_ text: String, path: String = "t.toml") -> ConfigError? {
    do {
        _ = try ConfigLoader.parseDocument(text, path: path)
        return nil
    } catch {
        return error
    }
}

@Suite("ConfigLoader: semantic errors name the file, the line and the reason")
struct ConfigErrorTests {
    static let accountCases: [ErrorCase] = [
        ErrorCase(name: "unknown account key, with a suggestion", text: """
            [[accounts]]
            name = "brand"
            time_zon = "UTC"
            """, expected: #"t.toml:3: accounts[1] (brand): unknown key "time_zon" (did you mean "time_zone"?)"#),
        ErrorCase(name: "unknown account key far from any known one", text: """
            [[accounts]]
            name = "brand"
            slots = ["09:00"]
            colour = "red"
            """, expected: #"t.toml:4: accounts[1] (brand): unknown key "colour""#),
        ErrorCase(name: "misspelt name is a typo, not a missing name", text: """
            [[accounts]]
            nmae = "brand"
            """, expected: #"t.toml:2: accounts[1]: unknown key "nmae" (did you mean "name"?)"#),
        ErrorCase(name: "missing name points at the table header", text: """
            [[accounts]]
            name = "one"

            [[accounts]]
            network = "x"
            """, expected: #"t.toml:4: accounts[2]: missing required key "name""#),
        ErrorCase(name: "name unfit for a directory", text: """
            [[accounts]]
            name = "../brand"
            """, expected: #"t.toml:2: accounts[1]: bad account name "../brand" (use letters, digits, '.', '_' and "#
                + #"'-', starting with a letter or digit, at most 64 characters)"#),
        ErrorCase(name: "duplicate account names", text: """
            [daemon]
            spool = "/s"

            [[accounts]]
            name = "brand"

            [[accounts]]
            name = "brand"
            """, expected: #"t.toml:8: accounts[2] (brand): duplicate account name "brand" (first defined on line 5)"#),
        ErrorCase(name: "wrong type", text: """
            [[accounts]]
            name = "brand"
            max_per_day = "12"
            """, expected: "t.toml:3: accounts[1] (brand): max_per_day must be an integer, not a string"),
        ErrorCase(name: "negative max_per_day", text: """
            [[accounts]]
            name = "brand"
            max_per_day = -1
            """, expected: "t.toml:3: accounts[1] (brand): max_per_day must not be negative (-1)"),
        ErrorCase(name: "negative min_gap as a string", text: """
            [[accounts]]
            name = "brand"
            min_gap = "-20m"
            """, expected: "t.toml:3: accounts[1] (brand): min_gap must not be negative (-20m)"),
        ErrorCase(name: "negative min_gap in seconds", text: """
            [[accounts]]
            name = "brand"
            min_gap = -300
            """, expected: "t.toml:3: accounts[1] (brand): min_gap must not be negative (-300)"),
        ErrorCase(name: "bad duration", text: """
            [[accounts]]
            name = "brand"
            min_gap = "20 minutes"
            """, expected: #"t.toml:3: accounts[1] (brand): min_gap: bad duration "20 minutes" (use e.g. "45s", "#
                + #""20m", "1h30m", "2d" or an integer number of seconds)"#),
        ErrorCase(name: "duration of the wrong type", text: """
            [[accounts]]
            name = "brand"
            min_gap = true
            """, expected: #"t.toml:3: accounts[1] (brand): min_gap must be a duration such as "20m" or an integer "#
                + "number of seconds, not a boolean"),
        ErrorCase(name: "zero timeout", text: """
            [[accounts]]
            name = "brand"
            timeout = "0s"
            """, expected: "t.toml:3: accounts[1] (brand): timeout must be greater than zero (0s)"),
        ErrorCase(name: "unknown network", text: """
            [[accounts]]
            name = "brand"
            network = "twitter"
            """, expected: #"t.toml:3: accounts[1] (brand): unknown network "twitter" (expected outbox, exec, x, "#
                + "mastodon or bluesky)"),
        ErrorCase(name: "counts_as not a real network", text: """
            [[accounts]]
            name = "brand"
            network = "outbox"
            counts_as = "outbox"
            """, expected: #"t.toml:4: accounts[1] (brand): counts_as must be x, mastodon or bluesky, not "outbox""#),
        ErrorCase(name: "counts_as on a real network", text: """
            [[accounts]]
            name = "brand"
            network = "x"
            counts_as = "mastodon"
            """, expected: "t.toml:4: accounts[1] (brand): counts_as applies only to outbox and exec accounts, not to "
                + #"network "x""#),
        ErrorCase(name: "exec without command", text: """
            [[accounts]]
            name = "hook"
            network = "exec"
            """, expected: #"t.toml:3: accounts[1] (hook): network "exec" needs command = ["/path/to/program", "#
                + #""arg", …]"#),
        ErrorCase(name: "exec with an empty command", text: """
            [[accounts]]
            name = "hook"
            network = "exec"
            command = []
            """, expected: #"t.toml:4: accounts[1] (hook): network "exec" needs command = ["/path/to/program", "#
                + #""arg", …]"#),
        ErrorCase(name: "command that is not a list of strings", text: """
            [[accounts]]
            name = "hook"
            network = "exec"
            command = "/bin/post --quiet"
            """, expected: "t.toml:4: accounts[1] (hook): command must be an array of strings, not a string"),
        ErrorCase(name: "command on an outbox account", text: """
            [[accounts]]
            name = "brand"
            command = ["/bin/true"]
            """, expected: #"t.toml:3: accounts[1] (brand): command applies only to network "exec", not to "#
                + #"network "outbox""#),
        ErrorCase(name: "bad slot time, on its own line inside the array", text: """
            [[accounts]]
            name = "brand"
            slots = [
                "09:00",
                "25:00",
            ]
            """, expected: #"t.toml:5: accounts[1] (brand): bad slot time "25:00" (expected HH:MM from 00:00 to "#
                + #"23:59)"#),
        ErrorCase(name: "slot of the wrong type", text: """
            [[accounts]]
            name = "brand"
            slots = ["09:00", 1230]
            """, expected: "t.toml:3: accounts[1] (brand): slots[2] must be a string, not an integer"),
        ErrorCase(name: "duplicate slot", text: """
            [[accounts]]
            name = "brand"
            slots = ["09:00", "9:00"]
            """, expected: "t.toml:3: accounts[1] (brand): slot 09:00 is listed twice"),
        ErrorCase(name: "bad quiet range", text: """
            [[accounts]]
            name = "brand"
            quiet = ["23:00-07:00",
                     "23:00-23:00"]
            """, expected: #"t.toml:4: accounts[1] (brand): bad quiet range "23:00-23:00" (expected HH:MM-HH:MM "#
                + #"with different start and end, e.g. "23:00-07:00")"#),
        ErrorCase(name: "audience referenced but not defined", text: """
            [[accounts]]
            name = "brand"
            audience = "us-coast"

            [[audiences]]
            name = "us-coasts"
            zones = { "America/New_York" = 1 }
            """, expected: #"t.toml:3: accounts[1] (brand): audience "us-coast" is not defined in [[audiences]]"#),
        ErrorCase(name: "unknown time zone (the example from the brief)", text: """
            # Herald
            [daemon]
            spool = "/var/spool/herald"
            state = "/var/lib/herald"
            default_account = "brand"

            [[accounts]]
            name = "brand"
            network = "outbox"
            voice = "brand"
            owner = "Brian"
            time_zone = "America/New_Yrok"
            """,
            expected: #"/etc/herald/herald.toml:12: accounts[1] (brand): unknown time zone "America/New_Yrok""#,
            path: "/etc/herald/herald.toml"),
        ErrorCase(name: "time zone abbreviation", text: """
            [[accounts]]
            name = "brand"
            time_zone = "EST"
            """, expected: #"t.toml:3: accounts[1] (brand): unknown time zone "EST""#),
        ErrorCase(name: "bad language tag", text: """
            [[accounts]]
            name = "brand"
            language = "en_US"
            """, expected: #"t.toml:3: accounts[1] (brand): bad language tag "en_US" (expected a BCP 47 tag such as "#
                + "en, fr, nb or pt-BR)"),
        ErrorCase(name: "bad voice", text: """
            [[accounts]]
            name = "brand"
            voice = "we"
            """, expected: #"t.toml:3: accounts[1] (brand): voice must be brand or personal, not "we""#),
        ErrorCase(name: "bad base_url", text: """
            [[accounts]]
            name = "brand"
            network = "x"
            base_url = "api.x.com"
            """, expected: #"t.toml:4: accounts[1] (brand): base_url must be an http or https URL with a host, not "#
                + #""api.x.com""#),
        ErrorCase(name: "mastodon without base_url", text: """
            [[accounts]]
            name = "social"
            network = "mastodon"
            """, expected: #"t.toml:3: accounts[1] (social): network "mastodon" needs base_url (the server, e.g. "#
                + #""https://mastodon.social")"#),
        ErrorCase(name: "half_life zero", text: """
            [[accounts]]
            name = "brand"
            half_life = 0
            """, expected: "t.toml:3: accounts[1] (brand): half_life must be greater than zero (0)"),
        ErrorCase(name: "credentials of the wrong type", text: """
            [[accounts]]
            name = "brand"
            credentials = 5
            """, expected: "t.toml:3: accounts[1] (brand): credentials must be a string, not an integer"),
        ErrorCase(name: "empty owner", text: """
            [[accounts]]
            name = "brand"
            owner = " "
            """, expected: "t.toml:3: accounts[1] (brand): owner must not be empty"),
        ErrorCase(name: "the second account's error names the second account", text: """
            [[accounts]]
            name = "brand"
            time_zone = "America/New_York"

            [[accounts]]
            name = "support"
            time_zone = "Europe/Olso"
            """, expected: #"t.toml:7: accounts[2] (support): unknown time zone "Europe/Olso""#),
    ]

    static let daemonAndTopLevelCases: [ErrorCase] = [
        ErrorCase(name: "unknown daemon key", text: """
            [daemon]
            spool = "/s"
            max_latenes = "15m"
            [[accounts]]
            name = "a"
            """, expected: #"t.toml:3: daemon: unknown key "max_latenes" (did you mean "max_lateness"?)"#),
        ErrorCase(name: "unknown top-level table", text: """
            [deamon]
            spool = "/s"
            """, expected: #"t.toml:1: unknown key "deamon" (did you mean "daemon"?)"#),
        ErrorCase(name: "unknown top-level key", text: """
            verbose = true
            [[accounts]]
            name = "a"
            """, expected: #"t.toml:1: unknown key "verbose""#),
        ErrorCase(name: "default_account not an account", text: """
            [daemon]
            default_account = "brnd"

            [[accounts]]
            name = "brand"
            """, expected: #"t.toml:2: daemon: default_account "brnd" is not a configured account"#),
        ErrorCase(name: "bad on_missed", text: """
            [daemon]
            on_missed = "skip"
            [[accounts]]
            name = "a"
            """, expected: #"t.toml:2: daemon: on_missed must be publish, reschedule or fail, not "skip""#),
        ErrorCase(name: "zero rescan_interval", text: """
            [daemon]
            rescan_interval = 0
            [[accounts]]
            name = "a"
            """, expected: "t.toml:2: daemon: rescan_interval must be greater than zero (0)"),
        ErrorCase(name: "negative max_lateness", text: """
            [daemon]
            max_lateness = "-1m"
            [[accounts]]
            name = "a"
            """, expected: "t.toml:2: daemon: max_lateness must not be negative (-1m)"),
        ErrorCase(name: "bad give_up_after", text: """
            [daemon]
            give_up_after = "1 day"
            [[accounts]]
            name = "a"
            """, expected: #"t.toml:2: daemon: give_up_after: bad duration "1 day" (use e.g. "45s", "20m", "#
                + #""1h30m", "2d" or an integer number of seconds)"#),
        ErrorCase(name: "empty spool", text: """
            [daemon]
            spool = ""
            [[accounts]]
            name = "a"
            """, expected: "t.toml:2: daemon: spool must not be empty"),
        ErrorCase(name: "daemon that is not a table", text: """
            daemon = "yes"
            [[accounts]]
            name = "a"
            """, expected: "t.toml:1: daemon must be a table, not a string"),
        ErrorCase(name: "no accounts at all", text: """
            [daemon]
            spool = "/s"
            """, expected: "t.toml: no accounts: add at least one [[accounts]] table"),
        ErrorCase(name: "an empty accounts array", text: """
            # none
            accounts = []
            """, expected: "t.toml:2: no accounts: add at least one [[accounts]] table"),
        ErrorCase(name: "accounts as a single table", text: """
            [accounts]
            name = "brand"
            """, expected: "t.toml:1: accounts must be an array of tables ([[accounts]]), not a table"),
        ErrorCase(name: "policy that is not a table", text: """
            policy = "strict"
            [[accounts]]
            name = "a"
            """, expected: "t.toml:1: policy must be a table, not a string"),
    ]

    static let audienceAndSessionCases: [ErrorCase] = [
        ErrorCase(name: "unknown zone in an audience", text: """
            [[accounts]]
            name = "brand"

            [[audiences]]
            name = "world"
            zones = { "Europe/London" = 0.5, "Asia/Tokio" = 0.5 }
            """, expected: #"t.toml:6: audiences[1] (world): unknown time zone "Asia/Tokio""#),
        ErrorCase(name: "zone weight that is not a number", text: """
            [[accounts]]
            name = "brand"
            [[audiences]]
            name = "world"
            [audiences.zones]
            "Europe/London" = "half"
            """, expected: #"t.toml:6: audiences[1] (world): the weight of "Europe/London" must be a non-negative "#
                + "number"),
        ErrorCase(name: "negative zone weight", text: """
            [[accounts]]
            name = "brand"
            [[audiences]]
            name = "world"
            zones = { "Europe/London" = -1 }
            """, expected: #"t.toml:5: audiences[1] (world): the weight of "Europe/London" must be a non-negative "#
                + "number"),
        ErrorCase(name: "all zone weights zero", text: """
            [[accounts]]
            name = "brand"
            [[audiences]]
            name = "world"
            zones = { "Europe/London" = 0 }
            """, expected: "t.toml:5: audiences[1] (world): zones: at least one weight must be above zero"),
        ErrorCase(name: "audience without zones", text: """
            [[accounts]]
            name = "brand"
            [[audiences]]
            name = "world"
            """, expected: #"t.toml:3: audiences[1] (world): missing required key "zones""#),
        ErrorCase(name: "duplicate audience names", text: """
            [[accounts]]
            name = "brand"
            [[audiences]]
            name = "world"
            zones = { "UTC" = 1 }
            [[audiences]]
            name = "world"
            zones = { "UTC" = 1 }
            """, expected: #"t.toml:7: audiences[2] (world): duplicate audience name "world" (first defined on "#
                + "line 4)"),
        ErrorCase(name: "session for an account that does not exist", text: """
            [[accounts]]
            name = "brand"

            [[sessions]]
            name = "show-week"
            account = "ceo"
            """, expected: #"t.toml:6: sessions[1] (show-week): account "ceo" is not a configured account"#),
        ErrorCase(name: "session without account", text: """
            [[accounts]]
            name = "brand"
            [[sessions]]
            name = "show-week"
            """, expected: #"t.toml:3: sessions[1] (show-week): missing required key "account""#),
        ErrorCase(name: "duplicate session names", text: """
            [[accounts]]
            name = "ceo"
            [[sessions]]
            name = "show"
            account = "ceo"
            [[sessions]]
            name = "show"
            account = "ceo"
            """, expected: #"t.toml:7: sessions[2] (show): duplicate session name "show" (first defined on line 4)"#),
        ErrorCase(name: "session every zero", text: """
            [[accounts]]
            name = "ceo"
            [[sessions]]
            name = "show"
            account = "ceo"
            every = 0
            """, expected: "t.toml:6: sessions[1] (show): every must be greater than zero (0)"),
        ErrorCase(name: "session delegates not strings", text: """
            [[accounts]]
            name = "ceo"
            [[sessions]]
            name = "show"
            account = "ceo"
            delegates = ["team",
                         7]
            """, expected: "t.toml:7: sessions[1] (show): delegates[2] must be a string, not an integer"),
    ]

    @Test("account errors", arguments: accountCases)
    func accountErrors(_ testCase: ErrorCase) {
        #expect(parseFailure(testCase.text, path: testCase.path)?.description == testCase.expected)
    }

    @Test("daemon and top-level errors", arguments: daemonAndTopLevelCases)
    func daemonErrors(_ testCase: ErrorCase) {
        #expect(parseFailure(testCase.text, path: testCase.path)?.description == testCase.expected)
    }

    @Test("audience and session errors", arguments: audienceAndSessionCases)
    func audienceAndSessionErrors(_ testCase: ErrorCase) {
        #expect(parseFailure(testCase.text, path: testCase.path)?.description == testCase.expected)
    }

    @Test("errors expose file, line, reason and the problem itself")
    func errorParts() throws {
        let error = try #require(parseFailure("[[accounts]]\nname = \"brand\"\ntime_zone = \"Mars/Olympus\"\n",
                                              path: "/etc/herald/herald.toml"))
        #expect(error.file == "/etc/herald/herald.toml")
        #expect(error.line == 3)
        #expect(error.column == nil)
        #expect(error.reason == #"accounts[1] (brand): unknown time zone "Mars/Olympus""#)
        #expect(error == .invalid(file: "/etc/herald/herald.toml", line: 3, subject: "accounts[1] (brand)",
                                  problem: .unknownTimeZone("Mars/Olympus")))
    }
}

@Suite("ConfigLoader: syntax and file errors")
struct ConfigSyntaxErrorTests {
    @Test("TOML syntax errors carry TOMLKit's line and column", arguments: [
        ("[[accounts]]\nname = \"brand\ntime_zone = \"UTC\"\n", 2),
        ("[daemon]\nspool = \"/s\"\n\n[[accounts]]\nname \"brand\"\n", 5),
        ("[[accounts]]\nname = \"a\"\nname = \"b\"\n", 3),
        ("[daemon]\nspool = \"/s\"\n[daemon]\n", 3),
        ("[[accounts]]\nname = \"a\"\nslots = [\"09:00\",\n  \"12:00\"\n\nmin_gap = 1\n", 6),
    ])
    func syntax(text: String, line: Int) throws {
        let error = try #require(parseFailure(text))
        guard case .syntax(let file, let errorLine, let column, let message) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(file == "t.toml")
        #expect(errorLine == line)
        #expect(column >= 1)
        #expect(!message.isEmpty)
        #expect(error.description.hasPrefix("t.toml:\(line):\(column): TOML syntax: "))
    }

    @Test("a NUL character is a syntax error, not the silent end of the file")
    func nul() {
        let error = parseFailure("[[accounts]]\nname\0 = \"a\"\n")
        #expect(error?.description == "t.toml:2:5: TOML syntax: NUL character")
    }

    @Test("invalid UTF-8 is reported at its line and column")
    func invalidUTF8() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(UUID()).toml").path
        var bytes = Array("[[accounts]]\nname = \"br".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("and\"\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigError.syntax(file: path, line: 2, column: 11, message: "invalid UTF-8")) {
            try ConfigLoader.load(path: path)
        }
    }

    @Test("a missing file")
    func missingFile() {
        #expect(throws: ConfigError.unreadable(file: "/nonexistent/herald.toml", reason: "No such file or directory")) {
            try ConfigLoader.load(path: "/nonexistent/herald.toml")
        }
        let error = ConfigError.unreadable(file: "/nonexistent/herald.toml", reason: "No such file or directory")
        #expect(error.description == "/nonexistent/herald.toml: cannot read: No such file or directory")
    }

    @Test("a directory is not a config file")
    func directory() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: ConfigError.unreadable(file: path, reason: "it is a directory, not a regular file")) {
            try ConfigLoader.load(path: path)
        }
    }

    @Test("an oversized file is refused before parsing")
    func oversized() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(UUID()).toml").path
        let text = "[[accounts]]\nname = \"a\"\n" + String(repeating: "# padding\n", count: 110_000)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigError.unreadable(file: path, reason: "larger than 1024 KiB")) {
            try ConfigLoader.load(path: path)
        }
    }
}

@Suite("Unknown-key suggestions")
struct SuggestionTests {
    @Test("edit distance counts a swap of neighbours as one edit", arguments: [
        ("name", "name", 0), ("nmae", "name", 1), ("time_zon", "time_zone", 1), ("", "abc", 3), ("abc", "", 3),
        ("kitten", "sitting", 3), ("max_latenes", "max_lateness", 1), ("colour", "voice", 5),
    ])
    func distance(lhs: String, rhs: String, expected: Int) {
        #expect(TableReader.editDistance(lhs, rhs) == expected)
    }

    @Test("suggestions only for near misses")
    func suggestions() {
        #expect(TableReader.suggestion(for: "timezone", among: ConfigBuilder.accountKeys) == "time_zone")
        #expect(TableReader.suggestion(for: "Network", among: ConfigBuilder.accountKeys) == "network")
        #expect(TableReader.suggestion(for: "slot", among: ConfigBuilder.accountKeys) == "slots")
        #expect(TableReader.suggestion(for: "colour", among: ConfigBuilder.accountKeys) == nil)
        #expect(TableReader.suggestion(for: "x", among: ConfigBuilder.accountKeys) == nil)
    }
}
