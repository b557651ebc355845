import Foundation
import Testing
@testable import HeraldCore

/// `Content-Warning:`: parsing (one line, not empty, not repeated) and what the validator does with it (Mastodon
/// counts it with each part; X and Bluesky accounts get a warning that it is not sent there).
@Suite struct ContentWarningTests {
    static let now = Date(timeIntervalSince1970: 1_795_442_400)

    static let config = HeraldConfiguration(
        daemon: DaemonSettings(defaultAccount: "fedi", maxLateness: 15 * 60),
        accounts: [
            Account(name: "fedi", network: .mastodon, baseURL: "https://example.social"),
            Account(name: "x", network: .x, baseURL: "https://example.com"),
            Account(name: "sky", network: .bluesky, baseURL: "https://example.com"),
            Account(name: "box", network: .outbox, countsAs: .mastodon),
        ])

    static func parse(_ text: String) throws(PostFileError) -> PostFile {
        try PostFile.parse(Array(text.utf8))
    }

    @Test func isReadTrimmedInAnyLetterCaseWithItsLine() throws {
        let file = try Self.parse("Account: fedi\ncontent-warning:   Spoilers: season 3  \n\nHello\n---\nAgain\n")
        #expect(file.contentWarning == "Spoilers: season 3")
        #expect(file.line(of: .contentWarning) == 2)
        #expect(file.parts.count == 2)
    }

    @Test func isAbsentByDefault() throws {
        #expect(try Self.parse("Account: fedi\n\nHello\n").contentWarning == nil)
    }

    @Test func anEmptyValueIsAnErrorWithItsLine() throws {
        #expect(throws: PostFileError.emptyValue(header: .contentWarning, line: 2)) {
            try Self.parse("Account: fedi\nContent-Warning:   \n\nHello\n")
        }
        let error = PostFileError.emptyValue(header: .contentWarning, line: 2)
        #expect(error.description == "line 2: header `Content-Warning` has no value")
    }

    @Test func twiceIsAnError() throws {
        #expect(throws: PostFileError.duplicateHeader(name: "Content-Warning", line: 3, firstLine: 2)) {
            try Self.parse("Account: fedi\nContent-Warning: one\nContent-Warning: two\n\nHello\n")
        }
    }

    @Test func aMisspellingSuggestsIt() throws {
        #expect(throws: PostFileError.unknownHeader(name: "Content-Warnings", line: 1, suggestion: .contentWarning)) {
            try Self.parse("Content-Warnings: x\n\nHello\n")
        }
    }

    @Test func mastodonCountsTheWarningWithEveryPart() throws {
        // 490 + 10 = 500 fits; 491 + 10 does not, on the second part as on the first.
        let warning = String(repeating: "w", count: 10)
        let fits = try Self.parse("Content-Warning: \(warning)\n\n\(String(repeating: "a", count: 490))\n")
        #expect(PostValidator.validate(fits, config: Self.config, now: Self.now).errors.isEmpty)
        let long = String(repeating: "a", count: 491)
        let file = try Self.parse("Content-Warning: \(warning)\n\nShort\n---\n\(long)\n")
        let validation = PostValidator.validate(file, config: Self.config, now: Self.now)
        #expect(validation.errors == [.partTooLong(
            part: 1, partCount: 2, line: 5, length: 501, limit: 500, account: "fedi", network: .mastodon)])
        #expect(validation.measurements.map(\.length) == [15, 501])
        // Without the warning the same text fits.
        let bare = try Self.parse("Account: fedi\n\nShort\n---\n\(long)\n")
        #expect(PostValidator.validate(bare, config: Self.config, now: Self.now).errors.isEmpty)
    }

    @Test func anOutboxCountingAsMastodonCountsItToo() throws {
        let file = try Self.parse("Account: box\nContent-Warning: 12345\n\n\(String(repeating: "a", count: 496))\n")
        let validation = PostValidator.validate(file, config: Self.config, now: Self.now)
        #expect(validation.measurements.first?.length == 501)
        #expect(validation.errors.count == 1)
        #expect(validation.warnings.isEmpty)
    }

    @Test func xAndBlueskyAccountsGetAWarningNotAnError() throws {
        let file = try Self.parse("Account: fedi, x, sky\nContent-Warning: CW\n\nHello\n")
        let validation = PostValidator.validate(file, config: Self.config, now: Self.now)
        #expect(validation.errors.isEmpty)
        #expect(validation.targets.count == 3)
        #expect(validation.warnings == [
            .contentWarningNotSent(account: "x", network: .x, line: 2),
            .contentWarningNotSent(account: "sky", network: .bluesky, line: 2),
        ])
        #expect(validation.warnings.first?.description
            == "line 2: warning: `Content-Warning` is only sent to Mastodon: account `x` (x) publishes the text "
            + "without it")
        // X's length is unaffected by the warning.
        #expect(validation.measurements.first { $0.account == "x" }?.length == 5)
    }

    @Test func disclosureTagCountsTheWarningOnMastodon() {
        let session = Session(
            name: "show", account: "fedi", start: Self.now, end: Self.now.addingTimeInterval(3600), delegates: ["ann"],
            announce: "The team posts here", reminder: "Team posts are tagged #team")
        let text = String(repeating: "a", count: 480)
        #expect(DisclosureRules.tag(text, author: "ann", session: session, network: .mastodon).decision == .added)
        let warned = DisclosureRules.tag(
            text, author: "ann", session: session, network: .mastodon,
            contentWarning: String(repeating: "w", count: 15))
        #expect(warned.decision == .dropped)
        #expect(warned.text == text)
    }
}
