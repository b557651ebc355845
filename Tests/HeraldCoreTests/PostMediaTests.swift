import Foundation
import Testing
@testable import HeraldCore

/// `Media:` headers: parsing (repeatable, errors with their line) and the validator's per-account rules.
@Suite struct PostMediaTests {
    static let now = Date(timeIntervalSince1970: 1_795_442_400)

    static func account(_ name: String, network: Network, dirs: [String]) -> Account {
        var account = Account(name: name, network: network, baseURL: "https://example.com")
        account.mediaDirectories = dirs
        return account
    }

    static let config = HeraldConfiguration(
        daemon: DaemonSettings(defaultAccount: "x", maxLateness: 15 * 60),
        accounts: [
            account("x", network: .x, dirs: ["/srv/media"]),
            account("nomedia", network: .mastodon, dirs: []),
        ])

    static func parse(_ headers: String) throws -> PostFile {
        try PostFile.parse(Array((headers + "\nHello\n").utf8))
    }

    @Test func mediaHeadersAreRepeatableAndKeepTheirOrderAndLines() throws {
        let file = try Self.parse("""
            Account: x
            Media: /srv/media/a.png; alt=A chart; sales by month
            media: /srv/media/b.jpg

            """)
        #expect(file.media == [
            PostMedia(path: "/srv/media/a.png", alt: "A chart; sales by month", line: 2),
            PostMedia(path: "/srv/media/b.jpg", alt: nil, line: 3),
        ])
        #expect(file.line(of: .media) == 2)
    }

    @Test(arguments: [
        ("Media: images/a.png", "the path must be absolute"),
        ("Media: /srv/media/../etc/passwd", "the path must not contain `..`"),
        ("Media: /srv/media/a.png; title=x", "expected `alt=TEXT` after `;`"),
        ("Media: /srv/media/a.png; alt=", "`alt=` has no text"),
    ])
    func malformedValuesAreErrorsWithTheirLine(header: String, reason: String) {
        #expect(throws: PostFileError.invalidMedia(
            line: 2, value: String(header.dropFirst("Media: ".count)), reason: reason)
        ) {
            _ = try Self.parse("Account: x\n\(header)\n")
        }
    }

    @Test func atMostFourFilesPerStatus() throws {
        let headers = (1...5).map { "Media: /srv/media/\($0).png; alt=Image \($0)" }.joined(separator: "\n")
        let validation = PostValidator.validate(try Self.parse(headers + "\n"), config: Self.config, now: Self.now)
        #expect(validation.errors == [.tooManyMedia(count: 5, limit: 4, line: 1, account: "x", network: .x)])
        #expect(validation.errors.first?.description == "line 1: 5 `Media` files; account `x` (x) takes at most 4")
    }

    @Test func filesMustBeUnderTheAccountsMediaDirectories() throws {
        let file = try Self.parse("Account: x, nomedia\nMedia: /srv/media/ok.png; alt=ok\nMedia: /srv/mediaX/no.png\n")
        let validation = PostValidator.validate(file, config: Self.config, now: Self.now)
        #expect(validation.errors == [
            .mediaNotAllowed(path: "/srv/media/ok.png", line: 2, account: "nomedia", resolved: nil),
            .mediaNotAllowed(path: "/srv/mediaX/no.png", line: 3, account: "x", resolved: nil),
            .mediaNotAllowed(path: "/srv/mediaX/no.png", line: 3, account: "nomedia", resolved: nil),
        ])
    }

    @Test func missingAltTextIsAWarningNotAnError() throws {
        let file = try Self.parse("Media: /srv/media/a.png\nMedia: /srv/media/b.png; alt=B\n")
        let validation = PostValidator.validate(file, config: Self.config, now: Self.now)
        #expect(validation.isValid)
        #expect(validation.warnings == [.missingAltText(path: "/srv/media/a.png", line: 1)])
        #expect(validation.warnings.first?.description
                == "line 1: warning: `Media` /srv/media/a.png has no alt text (add `; alt=…` to describe it)")
    }

    @Test func lexicalCheckNormalizesButDoesNotMatchPrefixesOfNames() {
        #expect(PostMedia.isLexicallyUnder("/srv/media/./a.png", anyOf: ["/srv/media/"]))
        #expect(!PostMedia.isLexicallyUnder("/srv/media2/a.png", anyOf: ["/srv/media"]))
        #expect(!PostMedia.isLexicallyUnder("/srv/media/a.png", anyOf: []))
    }
}
