import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

/// `[[feeds]]`: defaults, every key, and errors with their lines.
@Suite("Feed configuration")
struct FeedConfigTests {
    static let account = """
        [[accounts]]
        name = "brand"
        approvers = ["alice"]

        """

    @Test("a feed with only url and account gets the defaults")
    func defaults() throws {
        let config = try ConfigLoader.parse(Self.account + """
            [[feeds]]
            url = "https://example.com/feed.xml"
            account = "brand"
            """, path: "t.toml")
        #expect(config.feeds == [
            Feed(name: "https://example.com/feed.xml", source: .url("https://example.com/feed.xml"), account: "brand"),
        ])
        #expect(config.feeds[0].hold)
        #expect(config.feeds[0].every == 1800)
        #expect(config.feeds[0].maxPerPoll == 3)
        #expect(config.feeds[0].template == .standard)
    }

    @Test("every key is read")
    func keys() throws {
        let config = try ConfigLoader.parse(Self.account + """
            [[feeds]]
            name = "blog"
            path = "/srv/blog/atom.xml"
            account = "brand"
            every = "5m"
            template = "New on the blog: {title} {link}"
            hold = false
            max_per_poll = 2
            timeout = "10s"

            [[feeds]]
            name = "news"
            url = "file:///srv/news%20feed.xml"
            account = "brand"
            """, path: "t.toml")
        #expect(config.feeds == [
            Feed(name: "blog", source: .file("/srv/blog/atom.xml"), account: "brand", every: 300,
                 template: try FeedTemplate("New on the blog: {title} {link}"), hold: false, maxPerPoll: 2,
                 timeout: 10),
            Feed(name: "news", source: .file("/srv/news feed.xml"), account: "brand"),
        ])
        #expect(config.feeds.map(\.summary) == [
            #"blog: /srv/blog/atom.xml -> brand every 5m, at most 2 a poll, not held, template "New on the blog: "#
                + #"{title} {link}""#,
            #"news: /srv/news feed.xml -> brand every 30m, at most 3 a poll, held for approval, template "#
                + #""{title} {link}""#,
        ])
    }

    static let errors: [(String, String)] = [
        ("url = \"https://x.example/f\"\naccount = \"ghost\"",
         #"t.toml:6: feeds[1] (https://x.example/f): account "ghost" is not a configured account"#),
        ("account = \"brand\"", #"t.toml:4: feeds[1]: missing required key "url""#),
        ("url = \"ftp://x.example/f\"\naccount = \"brand\"",
         #"t.toml:5: feeds[1]: url must be an http or https URL with a host, not "ftp://x.example/f""#),
        ("url = \"https://x.example/f\"\npath = \"/f\"\naccount = \"brand\"",
         "t.toml:6: feeds[1]: path: give url or path, not both"),
        ("path = \"feed.xml\"\naccount = \"brand\"", "t.toml:5: feeds[1]: path: must be an absolute path"),
        ("url = \"https://x.example/f\"\naccount = \"brand\"\ntemplate = \"{titel}\"",
         "t.toml:7: feeds[1] (https://x.example/f): template: unknown placeholder {titel}; "
            + "use {title}, {link} or {summary} ({{ and }} for braces)"),
        ("url = \"https://x.example/f\"\naccount = \"brand\"\nhold = \"no\"",
         #"t.toml:7: feeds[1] (https://x.example/f): hold must be true or false, not a string"#),
        ("url = \"https://x.example/f\"\naccount = \"brand\"\nmax_per_poll = 0",
         "t.toml:7: feeds[1] (https://x.example/f): max_per_poll must be greater than zero (0)"),
        ("url = \"https://x.example/f\"\naccount = \"brand\"\nevery = 0",
         "t.toml:7: feeds[1] (https://x.example/f): every must be greater than zero (0)"),
        ("url = \"https://x.example/f\"\naccount = \"brand\"\ncolour = 1",
         #"t.toml:7: feeds[1]: unknown key "colour""#),
    ]

    @Test("mistakes are config errors with their lines", arguments: errors)
    func mistakes(text: String, expected: String) throws {
        let error = try #require(parseFailure(Self.account + "[[feeds]]\n" + text))
        #expect(error.description == expected)
    }

    @Test("held items need someone who may approve them")
    func holdNeedsApprovers() throws {
        let error = try #require(parseFailure("""
            [[accounts]]
            name = "brand"

            [[feeds]]
            url = "https://x.example/f"
            account = "brand"
            """))
        #expect(error.description == "t.toml:6: feeds[1] (https://x.example/f): hold: items are held for an "
            + "approver (the default), but account brand has no approvers; add approvers to the account or set "
            + "hold = false")
        _ = try ConfigLoader.parse("""
            [[accounts]]
            name = "brand"

            [[feeds]]
            url = "https://x.example/f"
            account = "brand"
            hold = false
            """, path: "t.toml")
    }

    @Test("two feeds with one name are refused")
    func duplicateNames() throws {
        let error = try #require(parseFailure(Self.account + """
            [[feeds]]
            url = "https://x.example/f"
            account = "brand"

            [[feeds]]
            url = "https://x.example/f"
            account = "brand"
            """))
        #expect(error.description.contains("duplicate feed name"))
    }
}
