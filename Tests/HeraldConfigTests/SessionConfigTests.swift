import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

@Suite("[[sessions]] typed into Sessions, with file:line errors")
struct SessionConfigTests {
    static let accounts = """
        [[accounts]]
        name = "ceo"
        owner = "Brian"
        time_zone = "America/Los_Angeles"

        """

    static let valid = accounts + """
        [[sessions]]
        name = "show-week"
        account = "ceo"
        start = "2027-01-07 08:00"
        end = "2027-01-10 18:00 America/Los_Angeles"
        announce_at = "2027-01-06T12:00:00Z"
        delegates = ["team", "ann"]
        announce = "During the show some of my posts will be written by our team."
        reminder = "Reminder: our team is helping with this account during the show."
        closing = "The show is over; back to just me."
        every = 5
        hashtag = "#crew"
        """

    @Test("every key is typed; a local time without a zone is in the account's zone")
    func typed() throws {
        let config = try ConfigLoader.parse(Self.valid, path: "t.toml")
        let session = try #require(config.sessions.first)
        #expect(config.sessions.count == 1)
        #expect(session.name == "show-week")
        #expect(session.account == "ceo")
        #expect(session.start == (try Date("2027-01-07T16:00:00Z", strategy: .iso8601)))
        #expect(session.end == (try Date("2027-01-11T02:00:00Z", strategy: .iso8601)))
        #expect(session.announceAt == (try Date("2027-01-06T12:00:00Z", strategy: .iso8601)))
        #expect(session.delegates == ["team", "ann"])
        #expect(session.closing == "The show is over; back to just me.")
        #expect(session.every == 5)
        #expect(session.hashtag == "#crew")
        #expect(config.sessions(of: "ceo") == [session])
    }

    @Test("defaults: every 10, #team, no closing, announced at the start")
    func defaults() throws {
        let config = try ConfigLoader.parse(Self.accounts + """
            [[sessions]]
            name = "s"
            account = "ceo"
            start = "2027-01-07 08:00"
            end = "2027-01-07 18:00"
            announce = "a"
            reminder = "r"
            """, path: "t.toml")
        let session = try #require(config.sessions.first)
        #expect(session.every == 10)
        #expect(session.hashtag == "#team")
        #expect(session.closing == nil)
        #expect(session.announceAt == nil)
        #expect(session.delegates.isEmpty)
    }

    static func session(_ lines: String, name: String = "s") -> String {
        "[[sessions]]\nname = \"\(name)\"\naccount = \"ceo\"\n" + lines
    }

    static let base = """
        start = "2027-01-07 08:00"
        end = "2027-01-07 18:00"
        announce = "a"
        reminder = "r"

        """

    static let long = String(repeating: "x", count: 281)

    static let cases: [ErrorCase] = [
        ErrorCase(name: "end before start", text: accounts + session("""
            start = "2027-01-07 08:00"
            end = "2027-01-07 08:00"
            announce = "a"
            reminder = "r"
            """), expected: "t.toml:9: sessions[1] (s): end: must be after start"),
        ErrorCase(name: "missing start", text: accounts + session("""
            end = "2027-01-07 08:00"
            """), expected: #"t.toml:5: sessions[1] (s): missing required key "start""#),
        ErrorCase(name: "bad time", text: accounts + session("""
            start = "2027-01-07 8am"
            """), expected: "t.toml:8: sessions[1] (s): start: `2027-01-07 8am` is not a time; expected `now`, an "
                + "RFC 3339 time (2026-11-23T14:00:00Z, 2026-11-23T09:00:00-05:00) or a local time (2026-11-23 09:00, "
                + "optionally followed by an IANA zone such as America/New_York)"),
        ErrorCase(name: "start now", text: accounts + session("""
            start = "now"
            """), expected: #"t.toml:8: sessions[1] (s): start: must be a date and time such as "2027-01-07 08:00", "#
                + "not now"),
        ErrorCase(name: "unknown key", text: accounts + session(base + """
            remider = "typo"
            """), expected: #"t.toml:12: sessions[1] (s): unknown key "remider" (did you mean "reminder"?)"#),
        ErrorCase(name: "reminder too long", text: accounts + session("""
            start = "2027-01-07 08:00"
            end = "2027-01-07 18:00"
            announce = "a"
            reminder = "\(long)"
            """), expected: "t.toml:11: sessions[1] (s): reminder: 281 characters, over the 280 that x allows"),
        ErrorCase(name: "announcement too long", text: accounts + session("""
            start = "2027-01-07 08:00"
            end = "2027-01-07 18:00"
            announce = "\(long)"
            reminder = "r"
            """), expected: "t.toml:10: sessions[1] (s): announce: 281 characters, over the 280 that x allows"),
        ErrorCase(name: "closing too long", text: accounts + session(base + """
            closing = "\(long)"
            """), expected: "t.toml:12: sessions[1] (s): closing: 281 characters, over the 280 that x allows"),
        ErrorCase(name: "missing reminder", text: accounts + session("""
            start = "2027-01-07 08:00"
            end = "2027-01-07 18:00"
            announce = "a"
            """), expected: #"t.toml:5: sessions[1] (s): missing required key "reminder""#),
        ErrorCase(name: "overlapping sessions on one account", text: accounts + session(base) + "\n"
            + session("""
                start = "2027-01-07 17:00"
                end = "2027-01-08 18:00"
                announce = "a"
                reminder = "r"
                """, name: "t"),
            expected: #"t.toml:16: sessions[2] (t): start: overlaps session "s" (line 8) on account ceo"#),
        ErrorCase(name: "every 1", text: accounts + session(base + "every = 1"),
                  expected: "t.toml:12: sessions[1] (s): every: must be at least 2 (1)"),
        ErrorCase(name: "owner as delegate", text: accounts + session(base + #"delegates = ["team", "Brian"]"#),
                  expected: #"t.toml:12: sessions[1] (s): delegates: "Brian" is the account's owner, whose posts "#
                    + "are never team posts"),
        ErrorCase(name: "bad hashtag", text: accounts + session(base + #"hashtag = "team""#),
                  expected: ##"t.toml:12: sessions[1] (s): hashtag: must be one hashtag such as "#team", not "team""##),
        ErrorCase(name: "announce_at after end", text: accounts + session(base + #"announce_at = "2027-01-08 08:00""#),
                  expected: "t.toml:12: sessions[1] (s): announce_at: must be before end"),
        ErrorCase(name: "unknown account", text: accounts + """
            [[sessions]]
            name = "s"
            account = "cfo"
            """, expected: #"t.toml:7: sessions[1] (s): account "cfo" is not a configured account"#),
    ]

    @Test("session errors", arguments: cases)
    func errors(_ testCase: ErrorCase) {
        #expect(parseFailure(testCase.text, path: testCase.path)?.description == testCase.expected)
    }

    @Test("back-to-back sessions and sessions on different accounts do not overlap")
    func noOverlap() throws {
        let text = Self.accounts + "[[accounts]]\nname = \"cfo\"\n\n" + Self.session(Self.base) + "\n"
            + Self.session(Self.base.replacingOccurrences(of: "08:00", with: "18:00")
                .replacingOccurrences(of: "end = \"2027-01-07 18:00\"", with: "end = \"2027-01-08 18:00\""),
                name: "t") + "\n"
            + "[[sessions]]\nname = \"u\"\naccount = \"cfo\"\n" + Self.base
        let config = try ConfigLoader.parse(text, path: "t.toml")
        #expect(config.sessions.map(\.name) == ["s", "t", "u"])
    }
}
