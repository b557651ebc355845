import Foundation
import Testing
@testable import HeraldCore

@Suite struct PostFileTests {
    private static func parse(_ text: String) throws(PostFileError) -> PostFile {
        try PostFile.parse(Array(text.utf8))
    }

    private static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> LocalDateTime {
        LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)!
    }

    // MARK: - Happy paths

    @Test func readsEveryHeader() throws {
        let file = try Self.parse("""
            Account: brand, ceo
            At: 2026-11-23 09:00 America/New_York
            Author: team
            Id: launch-1
            Language: en-US
            In-Reply-To: https://example.social/@brand/1
            Kind: support
            Thread: yes
            X-Campaign: fall

            Hello, world!

            """)
        #expect(file.accounts == ["brand", "ceo"])
        #expect(file.at == .local(Self.local(2026, 11, 23, 9, 0), zone: "America/New_York"))
        #expect(file.notBefore == nil && file.notAfter == nil)
        #expect(file.author == "team")
        #expect(file.id == "launch-1")
        #expect(file.language == "en-US")
        #expect(file.inReplyTo == "https://example.social/@brand/1")
        #expect(file.kind == .support)
        #expect(file.thread)
        #expect(file.extensionHeaders == ["X-Campaign": "fall"])
        #expect(file.body == "Hello, world!")
        #expect(file.parts == [PostPart(text: "Hello, world!", line: 11)])
        #expect(file.bodyLine == 11)
        let expectedLines: [PostHeader: Int] = [
            .account: 1, .at: 2, .author: 3, .id: 4, .language: 5, .inReplyTo: 6, .kind: 7, .thread: 8,
        ]
        #expect(file.headerLines == expectedLines)
        #expect(file.line(of: .author) == 3)
        #expect(file.line(of: .notBefore) == nil)
    }

    @Test func defaultsWithoutHeaders() throws {
        let file = try Self.parse("\nJust a body")
        #expect(file.accounts.isEmpty)
        #expect(file.at == nil)
        #expect(file.kind == .post)
        #expect(file.thread)
        #expect(file.language == nil)
        #expect(file.extensionHeaders.isEmpty)
        #expect(file.headerLines.isEmpty)
        #expect(file.body == "Just a body")
        #expect(file.bodyLine == 2)
    }

    @Test func readsAWindow() throws {
        let file = try Self.parse("""
            Not-Before: 2026-11-23T09:00:00-05:00
            Not-After: 2026-11-23 17:00

            Body
            """)
        #expect(file.notBefore == .instant(Date(timeIntervalSince1970: 1_795_442_400)))
        #expect(file.notAfter == .local(Self.local(2026, 11, 23, 17, 0), zone: nil))
        #expect(file.line(of: .notBefore) == 1)
        #expect(file.line(of: .notAfter) == 2)
    }

    @Test(arguments: [
        "ACCOUNT: brand\nnot-before: 2026-11-23 09:00\nnOt-AfTeR: 2026-11-23 10:00\nkind: SUPPORT\nthread: No\n\nx",
        "account:brand\nNOT-BEFORE:2026-11-23 09:00\nNot-after:   2026-11-23 10:00\t\nKIND:\tSupport\nThread: NO\n\nx",
    ])
    func headerNamesAndKeywordsIgnoreCaseAndValuesAreTrimmed(_ text: String) throws {
        let file = try Self.parse(text)
        #expect(file.accounts == ["brand"])
        #expect(file.notBefore == .local(Self.local(2026, 11, 23, 9, 0), zone: nil))
        #expect(file.notAfter == .local(Self.local(2026, 11, 23, 10, 0), zone: nil))
        #expect(file.kind == .support)
        #expect(!file.thread)
    }

    @Test func atNow() throws {
        #expect(try Self.parse("At: now\n\nx").at == .now)
    }

    @Test func accountListIsTrimmed() throws {
        #expect(try Self.parse("Account:brand ,  ceo,support\n\nx").accounts == ["brand", "ceo", "support"])
    }

    @Test(arguments: [
        ("X-H: v\n\nHello", "Hello"),
        ("\nHello\n", "Hello"),
        ("\nHello\n\n", "Hello\n"),
        ("\nHello\nthere\n", "Hello\nthere"),
        ("\n\nHello", "\nHello"),
        ("\n  Hello  ", "  Hello  "),
        ("\nline one\n\nline three", "line one\n\nline three"),
    ])
    func bodyIsEverythingAfterTheBlankLineLessOneTrailingNewline(_ text: String, _ body: String) throws {
        #expect(try Self.parse(text).body == body)
    }

    @Test func aWhitespaceOnlyLineEndsTheHeaders() throws {
        let file = try Self.parse("Account: brand\n \t \nBody")
        #expect(file.accounts == ["brand"])
        #expect(file.body == "Body")
        #expect(file.bodyLine == 3)
    }

    @Test func colonsInValuesAreKept() throws {
        let file = try Self.parse("In-Reply-To: https://x.com/a/status/1\nX-Note: a: b: c\n\nx")
        #expect(file.inReplyTo == "https://x.com/a/status/1")
        #expect(file.extensionHeaders["X-Note"] == "a: b: c")
    }

    // MARK: - Encodings and line ends

    @Test func crlfIsReadAsLF() throws {
        let lf = try Self.parse("Account: brand\nAt: now\n\nOne\n---\nTwo\nthree\n")
        let crlf = try Self.parse("Account: brand\r\nAt: now\r\n\r\nOne\r\n---\r\nTwo\r\nthree\r\n")
        #expect(crlf == lf)
        #expect(crlf.body == "One\n---\nTwo\nthree")
        #expect(crlf.parts.map(\.text) == ["One", "Two\nthree"])
        #expect(crlf.parts.map(\.line) == [4, 6])
    }

    @Test func aLoneCarriageReturnStaysInTheBody() throws {
        #expect(try Self.parse("\nOne\rTwo\r").body == "One\rTwo\r")
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let plain = try Self.parse("Account: brand\n\nHello")
        let withBOM = try PostFile.parse([0xEF, 0xBB, 0xBF] + Array("Account: brand\n\nHello".utf8))
        #expect(withBOM == plain)
        let withBOMAndCRLF = try PostFile.parse([0xEF, 0xBB, 0xBF] + Array("Account: brand\r\n\r\nHello\r\n".utf8))
        #expect(withBOMAndCRLF == plain)
    }

    @Test func aByteOrderMarkDoesNotShiftLineNumbers() {
        #expect(throws: PostFileError.unknownHeader(name: "Acount", line: 2, suggestion: .account)) {
            try PostFile.parse([0xEF, 0xBB, 0xBF] + Array("At: now\r\nAcount: brand\r\n\r\nHello".utf8))
        }
    }

    @Test func unicodeTextIsKept() throws {
        let file = try Self.parse("Author: Zoë\n\nGod morgen, Tromsø! 👋🏽 e\u{301}")
        #expect(file.author == "Zoë")
        #expect(file.body == "God morgen, Tromsø! 👋🏽 e\u{301}")
    }

    @Test(arguments: [
        ([0xFF], 1),
        (Array("At: now\n\nfine\n".utf8) + [0xC3, 0x28], 4),  // bad continuation byte
        (Array("\nab".utf8) + [0xE2, 0x82], 2),  // truncated sequence at the end
        (Array("X-A: \n\n".utf8) + [0xC0, 0xAF], 3),  // overlong encoding of "/"
        (Array("\n".utf8) + [0xED, 0xA0, 0x80], 2),  // UTF-16 surrogate
        (Array("\n".utf8) + [0xF4, 0x90, 0x80, 0x80], 2),  // beyond U+10FFFF
        (Array("Author: Ren".utf8) + [0xE9] + Array("\n\nx".utf8), 1),  // Latin-1
    ] as [([UInt8], Int)])
    func invalidUTF8IsRejectedWithItsLine(_ bytes: [UInt8], _ line: Int) {
        #expect(throws: PostFileError.invalidUTF8(line: line)) { try PostFile.parse(bytes) }
    }

    @Test(arguments: [
        (Array("Account: brand\n\nHel".utf8) + [0] + Array("lo".utf8), 3),
        ([0] + Array("\nx".utf8), 1),
        (Array("At: now\r\nX-A: b".utf8) + [0] + Array("\r\n\r\nx".utf8), 2),
        ([0xFF, 0xFE] + Array("A".utf8) + [0], 1),  // what a UTF-16 file looks like: the BOM is caught first
    ] as [([UInt8], Int)])
    func nulBytesAreRejectedWithTheirLine(_ bytes: [UInt8], _ line: Int) {
        if bytes.first == 0xFF {
            #expect(throws: PostFileError.invalidUTF8(line: line)) { try PostFile.parse(bytes) }
        } else {
            #expect(throws: PostFileError.nulByte(line: line)) { try PostFile.parse(bytes) }
        }
    }

    // MARK: - X- headers

    @Test func extensionHeadersAreKept() throws {
        let file = try Self.parse("X-Campaign: fall\nx-source:  cms  \nX-Empty:\n\nx")
        #expect(file.extensionHeaders == ["X-Campaign": "fall", "x-source": "cms", "X-Empty": ""])
        #expect(file.extensionHeader(named: "X-SOURCE") == "cms")
        #expect(file.extensionHeader(named: "x-campaign") == "fall")
        #expect(file.extensionHeader(named: "X-Missing") == nil)
    }

    @Test func duplicateExtensionHeadersAreAnError() {
        #expect(throws: PostFileError.duplicateHeader(name: "x-campaign", line: 3, firstLine: 1)) {
            try Self.parse("X-Campaign: a\nAt: now\nx-campaign: b\n\nx")
        }
    }

    // MARK: - Threads

    @Test func dashesSplitAThread() throws {
        let file = try Self.parse("""
            Account: brand

            First part
            ---
            Second part
            spans two lines
            ---
            Third
            """)
        #expect(file.parts == [
            PostPart(text: "First part", line: 3),
            PostPart(text: "Second part\nspans two lines", line: 5),
            PostPart(text: "Third", line: 8),
        ])
        #expect(file.body == "First part\n---\nSecond part\nspans two lines\n---\nThird")
    }

    @Test func threadNoKeepsTheDashes() throws {
        let file = try Self.parse("Thread: no\n\nOne\n---\nTwo\n")
        #expect(file.parts == [PostPart(text: "One\n---\nTwo", line: 3)])
        #expect(!file.thread)
    }

    @Test(arguments: ["One\n--- \nTwo", "One\n----\nTwo", "One\n -- -\nTwo", "One --- Two", "One\n—\nTwo"])
    func onlyExactlyThreeDashesSplit(_ body: String) throws {
        #expect(try Self.parse("\n" + body).parts.count == 1)
    }

    @Test func blankLinesAroundASeparatorStayInTheParts() throws {
        let file = try Self.parse("\nOne\n\n---\n\nTwo")
        #expect(file.parts == [PostPart(text: "One\n", line: 2), PostPart(text: "\nTwo", line: 5)])
    }

    // MARK: - Errors

    @Test(arguments: [
        // Structure
        ("Account: brand\nAt: now\n", PostFileError.missingBlankLine(line: nil)),
        ("Hello world\nsecond line\n", .missingBlankLine(line: 1)),
        ("Account: brand\nHello there\n", .missingBlankLine(line: 2)),
        ("Account: brand\r\nAt: now\r\nHi there\r\n", .missingBlankLine(line: 3)),
        ("Account brand\n\nBody", .malformedHeader(line: 1, text: "Account brand", reason: "no colon")),
        ("At: now\n: brand\n\nBody", .malformedHeader(line: 2, text: ": brand", reason: "empty header name")),
        ("At: now\nId: 1\nNot Before: now\n\nx",
         .malformedHeader(line: 3, text: "Not Before: now", reason: "whitespace in the header name")),
        (" Account: brand\n\nx",
         .malformedHeader(line: 1, text: " Account: brand", reason: "whitespace in the header name")),
        ("Account : brand\n\nx",
         .malformedHeader(line: 1, text: "Account : brand", reason: "whitespace in the header name")),
        ("Accöunt: brand\n\nx",
         .malformedHeader(line: 1, text: "Accöunt: brand", reason: "the header name must be printable ASCII")),
        // Names
        ("At: now\nAcount: brand\n\nx", .unknownHeader(name: "Acount", line: 2, suggestion: .account)),
        ("Not-Befor: 2026-11-23 09:00\n\nx", .unknownHeader(name: "Not-Befor", line: 1, suggestion: .notBefore)),
        ("Subject: hi\n\nx", .unknownHeader(name: "Subject", line: 1, suggestion: nil)),
        ("Xfoo: hi\n\nx", .unknownHeader(name: "Xfoo", line: 1, suggestion: nil)),
        ("At: now\nId: a\nat: now\n\nx", .duplicateHeader(name: "at", line: 3, firstLine: 1)),
        ("Author: a\nAUTHOR: b\n\nx", .duplicateHeader(name: "AUTHOR", line: 2, firstLine: 1)),
        // Values
        ("At: now\nAuthor:\n\nx", .emptyValue(header: .author, line: 2)),
        ("Id:   \n\nx", .emptyValue(header: .id, line: 1)),
        ("Account:\n\nx", .emptyValue(header: .account, line: 1)),
        ("Account: brand,,ceo\n\nx", .emptyAccountName(line: 1)),
        ("At: now\nAccount: brand,\n\nx", .emptyAccountName(line: 2)),
        ("Account: , brand\n\nx", .emptyAccountName(line: 1)),
        ("Account: brand, ceo, brand\n\nx", .duplicateAccount(name: "brand", line: 1)),
        ("At: tomorrow\n\nx", .invalidTime(header: .at, line: 1, error: .malformed(value: "tomorrow"))),
        ("Id: 1\nAt: 2026-02-30 09:00\n\nx",
         .invalidTime(header: .at, line: 2, error: .invalidDate(value: "2026-02-30 09:00"))),
        ("Not-Before: 2026-11-23 09:00 Mars/Olympus\n\nx",
         .invalidTime(header: .notBefore, line: 1, error: .unknownZone(zone: "Mars/Olympus"))),
        ("Id: 1\nNot-After: 2026-11-23T09:00:00+25:00\n\nx",
         .invalidTime(header: .notAfter, line: 2, error: .invalidOffset(value: "2026-11-23T09:00:00+25:00"))),
        ("Not-Before: now\n\nx", .nowNotAllowed(header: .notBefore, line: 1)),
        ("Id: 1\nNot-After: NOW\n\nx", .nowNotAllowed(header: .notAfter, line: 2)),
        ("At: now\nNot-Before: 2026-11-23 09:00\n\nx", .atWithWindow(line: 1, window: .notBefore, windowLine: 2)),
        ("Not-After: 2026-11-23 09:00\nId: 1\nAt: 2026-11-23 08:00\n\nx",
         .atWithWindow(line: 3, window: .notAfter, windowLine: 1)),
        ("Language: english\n\nx", .invalidLanguage(value: "english", line: 1)),
        ("Id: 1\nLanguage: en_US\n\nx", .invalidLanguage(value: "en_US", line: 2)),
        ("Kind: reply\n\nx", .invalidValue(header: .kind, line: 1, value: "reply", expected: ["post", "support"])),
        ("Id: 1\nThread: maybe\n\nx", .invalidValue(header: .thread, line: 2, value: "maybe", expected: ["yes", "no"])),
        // Body
        ("", .emptyBody(line: 1)),
        ("\n", .emptyBody(line: 2)),
        ("Account: brand\n\n", .emptyBody(line: 3)),
        ("Account: brand\n\n  \n\t\n", .emptyBody(line: 3)),
        ("Account: brand\r\n\r\n \r\n", .emptyBody(line: 3)),
        ("\nOne\n---\n---\nThree", .emptyPart(part: 1, line: 3)),
        ("\n---\nTwo", .emptyPart(part: 0, line: 2)),
        ("At: now\n\nOne\n---", .emptyPart(part: 1, line: 4)),
        ("At: now\n\nOne\n---\n", .emptyPart(part: 1, line: 4)),
        ("\nOne\n---\n   \n\n---\nThree", .emptyPart(part: 1, line: 4)),
        ("\n---", .emptyPart(part: 0, line: 2)),
    ])
    func errorsCarryTheirLine(_ text: String, _ expected: PostFileError) {
        #expect(throws: expected) { try Self.parse(text) }
    }

    @Test func theFirstErrorInTheFileWins() {
        #expect(throws: PostFileError.unknownHeader(name: "Bogus", line: 2, suggestion: nil)) {
            try Self.parse("At: now\nBogus: 1\nKind: nope\n\nx")
        }
    }

    @Test func errorDescriptionsNameTheLineAndTheProblem() {
        let unknown = PostFileError.unknownHeader(name: "Acount", line: 2, suggestion: .account)
        #expect(unknown.description == "line 2: unknown header `Acount`; did you mean `Account`? "
            + "(custom headers must start with `X-`)")
        #expect(unknown.line == 2)
        #expect(unknown.message.hasPrefix("unknown header"))
        #expect(PostFileError.missingBlankLine(line: nil).line == nil)
        #expect(!PostFileError.missingBlankLine(line: nil).description.hasPrefix("line"))
        #expect(PostFileError.invalidTime(header: .at, line: 4, error: .unknownZone(zone: "Mars/Olympus"))
            .description.contains("line 4: `At`: unknown time zone `Mars/Olympus`"))
        #expect(PostFileError.emptyPart(part: 1, line: 7).description.hasPrefix("line 7: thread part 2 is empty"))
        #expect(PostFileError.invalidValue(header: .kind, line: 1, value: "x", expected: ["post", "support"])
            .message == "`Kind` must be `post` or `support`, not `x`")
        #expect(PostFileError.nulByte(line: 3).description.contains("NUL"))
        #expect(PostFileError.invalidUTF8(line: 3).description == "line 3: the file is not valid UTF-8 text")
    }
}
