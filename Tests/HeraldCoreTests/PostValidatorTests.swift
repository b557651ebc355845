import Foundation
import Testing
@testable import HeraldCore

@Suite struct PostValidatorTests {
    /// 2026-11-23T14:00:00Z, a Monday: 09:00 in New York, 14:00 in London, 15:00 in Oslo.
    static let now = Date(timeIntervalSince1970: 1_795_442_400)

    static let brand = Account(
        name: "brand", network: .outbox, timeZone: TimeZone(identifier: "America/New_York")!, language: "en"
    )
    static let ceo = Account(name: "ceo", network: .x, timeZone: TimeZone(identifier: "Europe/London")!)
    static let fan = Account(
        name: "fan", network: .mastodon, timeZone: TimeZone(identifier: "Europe/Oslo")!, language: "nb"
    )
    static let sky = Account(name: "sky", network: .bluesky, timeZone: TimeZone(identifier: "America/New_York")!)
    static let longOutbox = Account(name: "long", network: .outbox, countsAs: .mastodon)

    static func config(defaultAccount: String? = "brand") -> HeraldConfiguration {
        HeraldConfiguration(
            daemon: DaemonSettings(defaultAccount: defaultAccount, maxLateness: 15 * 60),
            accounts: [brand, ceo, fan, sky, longOutbox]
        )
    }

    static func validate(
        _ text: String, config: HeraldConfiguration = config(), now: Date = now
    ) throws -> PostValidation {
        PostValidator.validate(try PostFile.parse(Array(text.utf8)), config: config, now: now)
    }

    static func text(_ length: Int) -> String { String(repeating: "a", count: length) }

    // MARK: - Accounts

    @Test func noAccountHeaderMeansTheDefaultAccount() throws {
        let result = try Self.validate("\nHello")
        #expect(result.isValid)
        #expect(result.errors.isEmpty)
        #expect(result.targets == [PostTarget(account: Self.brand, language: "en")])
    }

    @Test func noAccountAndNoDefaultIsAnError() throws {
        let result = try Self.validate("\nHello", config: Self.config(defaultAccount: nil))
        #expect(result.errors == [.noAccount])
        #expect(!result.isValid)
        #expect(result.targets.isEmpty)
    }

    @Test func oneTargetPerAccountInOrder() throws {
        let result = try Self.validate("Account: fan, brand, ceo\n\nHello")
        #expect(result.isValid)
        #expect(result.targets.map(\.account.name) == ["fan", "brand", "ceo"])
    }

    @Test func unknownAccountsCiteTheAccountLine() throws {
        let result = try Self.validate("At: now\nAccount: brand, nobody, ghost\n\nHello")
        #expect(result.errors == [
            .unknownAccount(name: "nobody", line: 2), .unknownAccount(name: "ghost", line: 2),
        ])
        #expect(result.targets.isEmpty)
        #expect(result.errors[0].description == "line 2: unknown account `nobody`")
    }

    @Test func anUnknownDefaultAccountHasNoLine() throws {
        let result = try Self.validate("\nHello", config: Self.config(defaultAccount: "gone"))
        #expect(result.errors == [.unknownAccount(name: "gone", line: nil)])
        #expect(result.errors[0].description.contains("default_account"))
    }

    @Test func languageDefaultsToTheAccountsLanguage() throws {
        let result = try Self.validate("Account: brand, fan\n\nHei")
        #expect(result.targets.map(\.language) == ["en", "nb"])
        let explicit = try Self.validate("Account: brand, fan\nLanguage: fr\n\nSalut")
        #expect(explicit.targets.map(\.language) == ["fr", "fr"])
    }

    // MARK: - Times

    @Test func nowResolvesToNow() throws {
        let result = try Self.validate("At: now\n\nHello")
        #expect(result.targets.first?.at == Self.now)
    }

    @Test func nowIsNeverLateEvenWithoutAllowance() throws {
        let config = HeraldConfiguration(
            daemon: DaemonSettings(defaultAccount: "brand", maxLateness: 0), accounts: [Self.brand]
        )
        #expect(try Self.validate("At: now\n\nHello", config: config).isValid)
        #expect(try !Self.validate("At: 2026-11-23T13:59:59Z\n\nHello", config: config).isValid)
    }

    @Test func localTimesWithoutZoneUseEachAccountsZone() throws {
        let result = try Self.validate("Account: brand, ceo, fan\nAt: 2026-11-24 09:00\n\nHello")
        #expect(result.isValid)
        #expect(result.targets.map(\.at) == [
            Date(timeIntervalSince1970: 1_795_442_400 + 86_400),  // 09:00 EST = 14:00Z
            Date(timeIntervalSince1970: 1_795_442_400 + 86_400 - 5 * 3600),  // 09:00 GMT = 09:00Z
            Date(timeIntervalSince1970: 1_795_442_400 + 86_400 - 6 * 3600),  // 09:00 CET = 08:00Z
        ])
    }

    @Test func zonedAndInstantTimesAreTheSameForEveryAccount() throws {
        for at in ["2026-11-24 09:00 America/New_York", "2026-11-24T14:00:00Z", "2026-11-24T09:00:00-05:00"] {
            let result = try Self.validate("Account: brand, ceo, fan\nAt: \(at)\n\nHello")
            #expect(result.targets.map(\.at) == Array(repeating: Date(timeIntervalSince1970: 1_795_528_800), count: 3))
        }
    }

    @Test func aWindowIsResolved() throws {
        let result = try Self.validate("""
            Account: ceo
            Not-Before: 2026-11-24 08:00
            Not-After: 2026-11-24T12:00:00Z

            Hello
            """)
        #expect(result.isValid)
        let target = try #require(result.targets.first)
        #expect(target.at == nil)
        #expect(target.notBefore == Date(timeIntervalSince1970: 1_795_442_400 + 86_400 - 6 * 3600))
        #expect(target.notAfter == Date(timeIntervalSince1970: 1_795_442_400 + 86_400 - 2 * 3600))
    }

    @Test func localTimesFollowTheDSTContract() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let result = try Self.validate("Account: brand\nAt: 2027-03-14 02:30\n\nHello", now: now)
        #expect(result.targets.first?.at == Date(timeIntervalSince1970: 1_805_009_400))  // 03:30 EDT
    }

    @Test(arguments: [
        ("2026-11-24T12:00:00Z", "2026-11-24T12:00:00Z"),  // equal: an empty window
        ("2026-11-24T12:00:00Z", "2026-11-24T11:59:59Z"),
        ("2026-11-24T12:00:00Z", "2026-11-23T12:00:00Z"),
    ])
    func notAfterMustBeLaterThanNotBefore(_ notBefore: String, _ notAfter: String) throws {
        let result = try Self.validate("Account: brand\nNot-Before: \(notBefore)\nNot-After: \(notAfter)\n\nHello")
        let utc = try #require(TimeZone(identifier: "UTC"))
        let before = try TimeSpec.parse(notBefore).resolve(now: Self.now, zone: utc)
        let after = try TimeSpec.parse(notAfter).resolve(now: Self.now, zone: utc)
        #expect(result.errors.first == .windowReversed(notBefore: before, notAfter: after, line: 3, account: nil))
        #expect(result.targets.isEmpty)
    }

    @Test func aReversedWindowReadInAnAccountsZoneNamesTheAccount() throws {
        // 10:00 in New York is 15:00Z, after the Not-After of 14:30Z; in London 10:00 is 10:00Z, fine.
        let result = try Self.validate("""
            Account: ceo, brand
            Not-Before: 2026-11-24 10:00
            Not-After: 2026-11-24T14:30:00Z

            Hello
            """)
        #expect(result.errors == [.windowReversed(
            notBefore: Date(timeIntervalSince1970: 1_795_528_800 + 3600),
            notAfter: Date(timeIntervalSince1970: 1_795_528_800 + 1800),
            line: 3, account: "brand"
        )])
        #expect(result.errors[0].description.contains("account `brand`"))
    }

    @Test(arguments: [
        (0, true), (-60, true), (-15 * 60 + 1, true), (-15 * 60, false), (-15 * 60 - 1, false), (-3600, false),
        (3600, true),
    ] as [(TimeInterval, Bool)])
    func atLateByLessThanMaxLatenessIsFine(_ offset: TimeInterval, _ valid: Bool) throws {
        let at = Self.now.addingTimeInterval(offset)
        let result = PostValidator.validate(
            PostFile(at: .instant(at), body: "Hello", headerLines: [.at: 1], bodyLine: 3),
            config: Self.config(), now: Self.now
        )
        #expect(result.isValid == valid)
        if !valid {
            #expect(result.errors == [
                .tooLate(header: .at, line: 1, time: at, now: Self.now, maxLateness: 900, account: nil),
            ])
        }
    }

    @Test func notAfterInThePastIsAnErrorButNotBeforeIsNot() throws {
        let result = try Self.validate("""
            Not-Before: 2026-11-22T00:00:00Z
            Not-After: 2026-11-23T13:00:00Z

            Hello
            """)
        #expect(result.errors == [.tooLate(
            header: .notAfter, line: 2, time: Date(timeIntervalSince1970: 1_795_442_400 - 3600), now: Self.now,
            maxLateness: 900, account: nil
        )])
        #expect(result.errors[0].description
            == "line 2: `Not-After` (2026-11-23T13:00:00Z) is 1h in the past, more than max_lateness (15m) allows")
        let open = try Self.validate("Not-Before: 2026-11-22T00:00:00Z\n\nHello")
        #expect(open.isValid)
    }

    @Test func aLocalTimeTooLateNamesTheAccountWhoseZoneItWasReadIn() throws {
        // 08:00 in New York is 13:00Z, an hour ago; 08:00 in Oslo is 07:00Z, seven hours ago.
        let result = try Self.validate("Account: brand, fan\nAt: 2026-11-23 08:00\n\nHello")
        #expect(result.errors.map(\.line) == [2, 2])
        #expect(result.errors.first == .tooLate(
            header: .at, line: 2, time: Self.now.addingTimeInterval(-3600), now: Self.now, maxLateness: 900,
            account: "brand"
        ))
    }

    @Test func theSameErrorForSeveralAccountsIsReportedOnce() throws {
        let result = try Self.validate("Account: brand, ceo, fan\nAt: 2026-11-23T10:00:00Z\n\nHello")
        #expect(result.errors.count == 1)
    }

    // MARK: - Lengths

    @Test(arguments: [
        ("brand", 280, true), ("brand", 281, false), ("ceo", 280, true), ("ceo", 281, false),
        ("fan", 500, true), ("fan", 501, false), ("sky", 300, true), ("sky", 301, false),
        ("long", 500, true), ("long", 501, false),
    ])
    func partsMustFitTheAccountsNetwork(_ account: String, _ length: Int, _ valid: Bool) throws {
        let result = try Self.validate("Account: \(account)\n\n\(Self.text(length))")
        #expect(result.isValid == valid)
        let accountValue = try #require(Self.config().account(named: account))
        let network = accountValue.lengthRules
        let limit = TextLength.limit(for: network)
        #expect(result.measurements == [
            PartMeasurement(account: account, network: network, part: 0, line: 3, length: length, limit: limit,
                            problem: valid ? nil : .tooLong(length: length, limit: limit)),
        ])
        if !valid {
            #expect(result.errors == [.partTooLong(
                part: 0, partCount: 1, line: 3, length: length, limit: limit, account: account, network: network
            )])
        }
    }

    @Test func aLongThreadPartIsNamedWithItsLine() throws {
        let result = try Self.validate("""
            Account: fan, ceo

            Short opener
            ---
            \(Self.text(300))
            ---
            Closer
            """)
        #expect(result.errors == [.partTooLong(
            part: 1, partCount: 3, line: 5, length: 300, limit: 280, account: "ceo", network: .x
        )])
        #expect(result.errors[0].description
            == "line 5: thread part 2 of 3 is 300 characters long; account `ceo` (x) allows 280")
        #expect(result.measurements.count == 6)
        #expect(result.measurements.filter { !$0.isWithinLimit }.map(\.account) == ["ceo"])
        #expect(result.targets.isEmpty)
    }

    @Test func lengthsFollowEachNetworksRules() throws {
        // X counts an emoji as 2: 140 fit in 280, 141 do not.
        #expect(try Self.validate("Account: ceo\n\n" + String(repeating: "👍🏽", count: 140)).isValid)
        #expect(try !Self.validate("Account: ceo\n\n" + String(repeating: "👍🏽", count: 141)).isValid)
        // Bluesky counts graphemes (280 ≤ 300) and bytes (280 × 8 = 2240 ≤ 3000).
        #expect(try Self.validate("Account: sky\n\n" + String(repeating: "👍🏽", count: 280)).isValid)
    }

    @Test func aPartOverBlueskysByteLimitIsRefusedWithTheReason() throws {
        // 300 graphemes but 300 × 15 bytes: over Bluesky's 3000.
        let family = "👨‍👩‍👧"
        let result = try Self.validate("Account: sky\n\n" + String(repeating: family, count: 250))
        #expect(!result.isValid)
        #expect(result.errors.first?.message.contains("bytes") == true, "\(result.errors)")
    }

    // MARK: - Everything at once

    @Test func allErrorsAreReportedFileWideFirstThenByLine() throws {
        let result = try Self.validate("""
            Not-After: 2026-11-20T00:00:00Z
            Account: ceo, nobody
            Not-Before: 2026-11-21T00:00:00Z

            \(Self.text(281))
            """)
        #expect(result.errors == [
            .windowReversed(
                notBefore: Date(timeIntervalSince1970: 1_795_737_600 - 86_400 * 6),
                notAfter: Date(timeIntervalSince1970: 1_795_737_600 - 86_400 * 7), line: 1, account: nil
            ),
            .tooLate(
                header: .notAfter, line: 1, time: Date(timeIntervalSince1970: 1_795_737_600 - 86_400 * 7),
                now: Self.now, maxLateness: 900, account: nil
            ),
            .unknownAccount(name: "nobody", line: 2),
            .partTooLong(part: 0, partCount: 1, line: 5, length: 281, limit: 280, account: "ceo", network: .x),
        ])
        #expect(result.errors.map(\.line) == [1, 1, 2, 5])
        #expect(!result.isValid)
        #expect(result.targets.isEmpty)
        #expect(result.measurements.count == 1)

        let noAccount = try Self.validate(
            "Not-After: 2026-11-20T00:00:00Z\n\nHi", config: Self.config(defaultAccount: nil)
        )
        #expect(noAccount.errors == [.noAccount])
    }
}
