import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

/// `[[notify]]` (issue 15): defaults, every key, and errors with their lines.
@Suite("Notify configuration")
struct NotifyConfigTests {
    static let accounts = """
        [[accounts]]
        name = "brand"
        [[accounts]]
        name = "ceo"
        """

    @Test("a command and a webhook: defaults and every key")
    func keys() throws {
        let config = try ConfigLoader.parse(Self.accounts + """

            [[notify]]
            name = "pager"
            command = ["/usr/local/bin/page", "--team", "social"]

            [[notify]]
            name = "chat"
            webhook = "https://hooks.example.com/herald"
            secret = "chat-webhook"
            events = ["failed", "credentials-expiring", "paused"]
            accounts = ["ceo"]
            timeout = "3s"

            [[notify]]
            name = "local"
            webhook = "http://127.0.0.1:8080/hook"
            secret = "/etc/herald/hook.secret"
            """, path: "t.toml")
        #expect(config.notify == [
            NotifyTarget(name: "pager", endpoint: .command(["/usr/local/bin/page", "--team", "social"])),
            NotifyTarget(name: "chat", endpoint: .webhook("https://hooks.example.com/herald"),
                         events: [.failed, .credentialsExpiring, .paused], accounts: ["ceo"], secret: "chat-webhook",
                         timeout: 3),
            NotifyTarget(name: "local", endpoint: .webhook("http://127.0.0.1:8080/hook"),
                         secret: "/etc/herald/hook.secret"),
        ])
        #expect(config.notify[0].events == Set(NotifyEvent.allCases))
        #expect(config.notify[0].timeout == 10)
        #expect(config.notify.map(\.summary) == [
            "pager: command /usr/local/bin/page --team social; all events; all accounts; timeout 10s",
            "chat: webhook https://hooks.example.com/herald signed with chat-webhook; events failed, paused, "
                + "credentials-expiring; accounts ceo; timeout 3s",
            "local: webhook http://127.0.0.1:8080/hook signed with /etc/herald/hook.secret; all events; all accounts; "
                + "timeout 10s",
        ])
    }

    static let errors: [(String, String)] = [
        ("command = [\"/bin/true\"]", #"t.toml:5: notify[1]: missing required key "name""#),
        ("name = \"a\"", #"t.toml:5: notify[1] (a): command: give command = ["/path/to/program", …] or "#
            + #"webhook = "https://…""#),
        ("name = \"a\"\ncommand = [\"/bin/true\"]\nwebhook = \"https://h.example/\"",
         "t.toml:8: notify[1] (a): webhook: give command or webhook, not both"),
        ("name = \"a\"\ncommand = []", "t.toml:7: notify[1] (a): command: must name a program"),
        ("name = \"a\"\nwebhook = \"https://h.example/\"",
         "t.toml:7: notify[1] (a): secret: a webhook needs a secret to sign its deliveries with (a systemd "
            + "credential name or an absolute path to a file readable by the daemon alone)"),
        ("name = \"a\"\nwebhook = \"http://h.example/\"\nsecret = \"s\"",
         #"t.toml:7: notify[1] (a): webhook: must be https (plain http only to a loopback address), not "#
            + #""http://h.example/""#),
        ("name = \"a\"\nwebhook = \"ftp://h.example/\"\nsecret = \"s\"",
         #"t.toml:7: notify[1] (a): webhook must be an http or https URL with a host, not "ftp://h.example/""#),
        ("name = \"a\"\ncommand = [\"/bin/true\"]\nevents = [\"failed\", \"helld\"]",
         #"t.toml:8: notify[1] (a): events: unknown event "helld" (did you mean "held"?); expected failed, "#
            + "held, expired, rejected, paused, credentials-expiring"),
        ("name = \"a\"\ncommand = [\"/bin/true\"]\nevents = []", "t.toml:8: notify[1] (a): events must not be empty"),
        ("name = \"a\"\ncommand = [\"/bin/true\"]\naccounts = [\"brand\", \"ghost\"]",
         #"t.toml:8: notify[1] (a): accounts "ghost" is not a configured account"#),
        ("name = \"a\"\ncommand = [\"/bin/true\"]\nsecret = \"s\"",
         "t.toml:8: notify[1] (a): secret: applies only to webhooks"),
        ("name = \"a\"\ncommand = [\"/bin/true\"]\ntimeout = 0",
         "t.toml:8: notify[1] (a): timeout must be greater than zero (0)"),
        ("name = \"a\"\ncommand = [\"/bin/true\"]\nevent = [\"failed\"]",
         #"t.toml:8: notify[1] (a): unknown key "event" (did you mean "events"?)"#),
        ("name = \"a\"\ncommand = [\"/bin/true\"]\n[[notify]]\nname = \"a\"\ncommand = [\"/bin/true\"]",
         #"t.toml:9: notify[2] (a): duplicate notify name "a" (first defined on line 5)"#),
    ]

    @Test("mistakes are config errors with their lines", arguments: errors)
    func mistakes(text: String, expected: String) throws {
        let error = try #require(parseFailure(Self.accounts + "\n[[notify]]\n" + text))
        #expect(error.description == expected)
    }

    @Test("loopback hosts may use plain http")
    func loopback() {
        for url in ["http://127.0.0.1:9/x", "http://localhost/x", "http://[::1]:80/", "http://127.1.2.3/"] {
            #expect(ConfigBuilder.isLoopbackURL(url), "\(url)")
        }
        for url in ["http://128.0.0.1/", "http://localhost.example.com/", "http://127.0.0.1.example/", "nope"] {
            #expect(!ConfigBuilder.isLoopbackURL(url), "\(url)")
        }
    }

    @Test("an entry wants its events, for its accounts; events of no account only without a filter")
    func wants() {
        let all = NotifyTarget(name: "a", endpoint: .command(["/bin/true"]), events: [.failed, .held])
        #expect(all.wants(.failed, accounts: []))
        #expect(all.wants(.held, accounts: ["brand"]))
        #expect(!all.wants(.rejected, accounts: ["brand"]))
        var ceo = all
        ceo.accounts = ["ceo"]
        #expect(ceo.wants(.failed, accounts: ["brand", "ceo"]))
        #expect(!ceo.wants(.failed, accounts: ["brand"]))
        #expect(!ceo.wants(.failed, accounts: []))
    }
}
