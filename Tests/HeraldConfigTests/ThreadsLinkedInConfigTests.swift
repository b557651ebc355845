import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

@Suite("Threads and LinkedIn account keys")
struct ThreadsLinkedInConfigTests {
    static func account(network: String, _ lines: String) -> String {
        """
        [[accounts]]
        name = "brand"
        network = "\(network)"
        \(lines)

        """
    }

    static func parse(network: String, _ lines: String) throws -> Account {
        try #require(try ConfigLoader.parse(Self.account(network: network, lines), path: "t.toml").accounts.first)
    }

    @Test("a linkedin account posts as its author, publicly, with the default API version")
    func linkedInDefaults() throws {
        let account = try Self.parse(network: "linkedin", #"author = "urn:li:organization:2414183""#)
        #expect(account.linkedIn == LinkedInSettings(author: "urn:li:organization:2414183"))
        #expect(account.linkedIn.version == LinkedInSettings.defaultVersion)
        #expect(account.halfLife == 180)
    }

    @Test("visibility and linkedin_version are read for linkedin")
    func linkedInKeys() throws {
        let account = try Self.parse(network: "linkedin", """
            author = "urn:li:person:8675309"
            visibility = "connections"
            linkedin_version = "202610"
            """)
        #expect(account.linkedIn == LinkedInSettings(
            author: "urn:li:person:8675309", visibility: .connections, version: "202610"))
    }

    @Test("a linkedin account without a usable author, version or visibility is an error naming the key",
          arguments: [
              ("", "author: a linkedin account needs the URN it posts as"),
              (#"author = "8675309""#, #"author: "8675309" is not urn:li:person:ID or urn:li:organization:ID"#),
              ("author = \"urn:li:person:1\"\nlinkedin_version = \"2026-10\"",
               #"linkedin_version: "2026-10" is not a YYYYMM version"#),
              ("author = \"urn:li:person:1\"\nvisibility = \"unlisted\"",
               #"visibility: "unlisted" is not one of public, connections, logged_in"#),
          ])
    func linkedInErrors(_ lines: String, _ message: String) {
        let error = parseFailure(Self.account(network: "linkedin", lines))
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test("author and linkedin_version belong to linkedin accounts")
    func keysForOtherNetworks() {
        let error = parseFailure(Self.account(network: "x", #"author = "urn:li:person:1""#))
        #expect(error?.description.contains("author") == true && error?.description.contains("x") == true,
                "\(String(describing: error))")
    }

    @Test("a threads account maps media_dirs to media_base_url, without a trailing slash")
    func mediaBaseURL() throws {
        let account = try Self.parse(network: "threads", """
            media_dirs = ["/srv/media"]
            media_base_url = "https://cdn.example.com/media/"
            """)
        #expect(account.mediaBaseURL == "https://cdn.example.com/media")
        #expect(account.halfLife == 60)
    }

    @Test("media_base_url needs media_dirs, an http(s) URL and a threads account", arguments: [
        ("threads", #"media_base_url = "https://cdn.example.com""#, "there are none"),
        ("threads", "media_dirs = [\"/srv\"]\nmedia_base_url = \"ftp://cdn\"", "media_base_url"),
        ("mastodon", "base_url = \"https://m.example\"\nmedia_dirs = [\"/srv\"]\nmedia_base_url = \"https://c\"",
         "media_base_url"),
    ])
    func mediaBaseURLErrors(_ network: String, _ lines: String, _ message: String) {
        let error = parseFailure(Self.account(network: network, lines))
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test("threads and linkedin may be what an outbox counts as")
    func countsAs() throws {
        let account = try Self.parse(network: "outbox", #"counts_as = "threads""#)
        #expect(account.lengthRules == .threads)
    }
}
