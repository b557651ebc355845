import Foundation
import Testing
@testable import HeraldCore

/// Threads: 500, emoji counted as their UTF-8 bytes (Meta's rule), read so that nothing Threads could refuse gets
/// through.
@Suite struct ThreadsLengthTests {
    @Test(arguments: [
        ("hello", 5), ("👍", 4), ("❤️", 6), ("👨‍👩‍👧", 18), ("🇫🇷", 8), ("1️⃣", 7), ("🙋🏽", 8),
        ("漢字", 2), ("é", 1), ("e\u{301}", 2), ("❤", 3), ("©", 2), ("a 👍 b", 8), ("#1", 2),
    ])
    func counts(_ text: String, _ length: Int) {
        #expect(ThreadsLength.length(text) == length, "\(text)")
        #expect(TextLength.measure(text, network: .threads) == length)
    }

    /// Five different links pass; a sixth is refused, as Threads refuses it (`THREADS_API__LINK_LIMIT_EXCEEDED`).
    /// The same link twice, with or without its scheme, counts once, and `www.` addresses count.
    @Test func atMostFiveDifferentLinks() {
        let five = "a.com https://b.org/x www.c.net d.io/ https://e.co"
        #expect(ThreadsLength.linkCount(five) == 5)
        #expect(TextLength.measurement(of: five, network: .threads).isValid)
        #expect(ThreadsLength.linkCount(five + " http://a.com/ HTTPS://B.ORG/x") == 5)
        let six = TextLength.measurement(of: five + " f.dev", network: .threads)
        #expect(six.problem == .tooManyLinks(count: 6, limit: 5))
        #expect(!six.ok)
    }

    /// The boundary Meta's rule puts at 500: 496 letters and a 4-byte emoji fit, one letter more does not.
    @Test(arguments: [(496, true), (497, false)])
    func theLimitCountsEmojiBytes(_ letters: Int, _ ok: Bool) {
        let measure = TextLength.measurement(of: String(repeating: "a", count: letters) + "😀", network: .threads)
        #expect(measure.limit == 500)
        #expect(measure.ok == ok)
        #expect(measure.problem == (ok ? nil : .tooLong(length: letters + 4, limit: 500)))
    }
}

/// LinkedIn: UTF-16 code units; 3000 for the post, 1250 for the comments that carry a thread's later parts.
@Suite struct LinkedInLengthTests {
    @Test func emojiOutsideTheBMPCountTwo() {
        #expect(LinkedInLength.length("a😀é漢") == 5)
    }

    @Test(arguments: [(0, 3000, 3000, true), (0, 3001, 3000, false), (1, 1250, 1250, true), (4, 1251, 1250, false)])
    func limitsByPart(part: Int, length: Int, limit: Int, ok: Bool) {
        let measure = TextLength.measurement(of: String(repeating: "x", count: length), network: .linkedin, part: part)
        #expect(measure.limit == limit)
        #expect(measure.ok == ok)
        #expect(TextLength.limit(for: .linkedin, mastodon: .standard, part: part) == limit)
    }
}

/// LinkedIn's "little text": reserved characters escaped, hashtags kept as hashtags.
@Suite struct LinkedInLittleTextTests {
    @Test(arguments: [
        ("Hello world", "Hello world"),
        ("Q&A (live) at 5", "Q&A \\(live\\) at 5"),
        (#"a\b|c{d}e@f[g]h<i>j*k_l~m"#, #"a\\b\|c\{d\}e\@f\[g\]h\<i\>j\*k\_l\~m"#),
        ("#herald ships", "#herald ships"),
        ("Go #team_blue!", "Go #team\\_blue!"),
        ("We ♥ #Zürich and #2026", "We ♥ #Zürich and #2026"),
        ("C# and a#b", "C\\# and a\\#b"),
        ("a # alone, #", "a \\# alone, \\#"),
        ("(#tag)", "\\(#tag\\)"),
        ("https://x.co/a_b#top", "https://x.co/a\\_b\\#top"),
    ])
    func escapes(_ text: String, _ little: String) {
        #expect(LinkedInLittleText.escape(text) == little)
    }

    /// Every reserved character alone is escaped, and nothing else is touched.
    @Test func everyReservedCharacterAndNothingElse() {
        for character in LinkedInLittleText.reserved {
            #expect(LinkedInLittleText.escape(String(character)) == "\\" + String(character))
        }
        let plain = "Plain text, with punctuation: ok? yes! 100% \"quoted\" 'single' ä ß 😀 $5 ^ = + / ; ` ."
        #expect(LinkedInLittleText.escape(plain) == plain)
    }
}

/// Public addresses of media files for Threads (`media_base_url`).
@Suite struct PostMediaPublicURLTests {
    @Test func theFilesPathBelowItsDirectoryIsAppended() {
        #expect(PostMedia.publicURL(of: "/srv/media/2026/chart.png", directories: ["/srv/media"],
                                    baseURL: "https://cdn.example.com/m/")
                == "https://cdn.example.com/m/2026/chart.png")
    }

    @Test func segmentsArePercentEncodedAndDotsResolved() {
        #expect(PostMedia.publicURL(of: "/srv/media/./a b/../Zürich #1.png", directories: ["/srv/media/"],
                                    baseURL: "https://cdn.example.com")
                == "https://cdn.example.com/Z%C3%BCrich%20%231.png")
    }

    @Test func theDeepestDirectoryWinsAndOutsidersHaveNone() {
        let directories = ["/srv/media", "/srv/media/team"]
        #expect(PostMedia.publicURL(of: "/srv/media/team/x.png", directories: directories, baseURL: "https://c")
                == "https://c/x.png")
        #expect(PostMedia.publicURL(of: "/srv/other/x.png", directories: directories, baseURL: "https://c") == nil)
        #expect(PostMedia.publicURL(of: "/srv/media", directories: directories, baseURL: "https://c") == nil)
    }
}

/// Posts for Threads and LinkedIn accounts, validated as intake does.
@Suite struct ThreadsLinkedInValidationTests {
    static let now = Date(timeIntervalSince1970: 1_795_442_400)

    static func config(mediaBaseURL: String?) -> HeraldConfiguration {
        var threads = Account(name: "th", network: .threads)
        threads.mediaDirectories = ["/srv/media"]
        threads.mediaBaseURL = mediaBaseURL
        var linkedin = Account(name: "li", network: .linkedin)
        linkedin.mediaDirectories = ["/srv/media"]
        return HeraldConfiguration(daemon: DaemonSettings(defaultAccount: "th"), accounts: [threads, linkedin])
    }

    static func validate(_ text: String, mediaBaseURL: String? = nil) throws -> PostValidation {
        PostValidator.validate(try PostFile.parse(Array(text.utf8)), config: config(mediaBaseURL: mediaBaseURL),
                               now: now)
    }

    @Test func threadsRefusesMediaWithoutAPublicAddress() throws {
        let result = try Self.validate("Media: /srv/media/a.png; alt=A chart\n\nLook")
        #expect(result.errors == [.mediaNeedsPublicURL(line: 1, account: "th")])
        #expect(try Self.validate("Media: /srv/media/a.png; alt=A chart\n\nLook", mediaBaseURL: "https://c").isValid)
    }

    @Test func threadsAndLinkedInTakeOneImage() throws {
        let text = "Media: /srv/media/a.png\nMedia: /srv/media/b.png\n\nTwo"
        #expect(try Self.validate(text, mediaBaseURL: "https://c").errors
                == [.tooManyMedia(count: 2, limit: 1, line: 1, account: "th", network: .threads)])
        #expect(try Self.validate("Account: li\n" + text).errors
                == [.tooManyMedia(count: 2, limit: 1, line: 2, account: "li", network: .linkedin)])
    }

    @Test func linkedInThreadPartsAfterTheFirstAreCommentsOf1250() throws {
        let long = String(repeating: "x", count: 1300)
        let result = try Self.validate("Account: li\n\n\(long)\n---\n\(long)")
        #expect(result.errors == [.partTooLong(part: 1, partCount: 2, line: 5, length: 1300, limit: 1250,
                                               account: "li", network: .linkedin)])
    }

    @Test func aLinkedInReplyIsACommentFromItsFirstPart() throws {
        let long = String(repeating: "x", count: 1300)
        let result = try Self.validate("Account: li\nIn-Reply-To: urn:li:share:1\n\n\(long)")
        #expect(result.errors == [.partTooLong(part: 0, partCount: 1, line: 4, length: 1300, limit: 1250,
                                               account: "li", network: .linkedin)])
    }

    @Test func aContentWarningIsNotSentToThreadsOrLinkedIn() throws {
        let result = try Self.validate("Account: th, li\nContent-Warning: spoilers\n\nHi")
        #expect(result.warnings == [
            .contentWarningNotSent(account: "th", network: .threads, line: 2),
            .contentWarningNotSent(account: "li", network: .linkedin, line: 2),
        ])
    }
}
