import Foundation
import Testing
@testable import HeraldCore

@Suite struct TimeSpecTests {
    private static func local(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0
    ) -> LocalDateTime {
        LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)!
    }

    @Test(arguments: ["now", "NOW", "Now", "  now  "])
    func now(_ text: String) throws {
        #expect(try TimeSpec.parse(text) == .now)
    }

    /// 2026-11-23T14:00:00Z is 1_795_442_400.
    @Test(arguments: [
        ("2026-11-23T14:00:00Z", 1_795_442_400.0),
        ("2026-11-23T09:00:00-05:00", 1_795_442_400.0),
        ("2026-11-23T15:00:00+01:00", 1_795_442_400.0),
        ("2026-11-23T19:30:00+05:30", 1_795_442_400.0),
        ("2026-11-23T14:00:00-00:00", 1_795_442_400.0),
        ("2026-11-23t14:00:00z", 1_795_442_400.0),
        ("2026-11-23 14:00:00Z", 1_795_442_400.0),
        ("2026-11-23T14:00Z", 1_795_442_400.0),
        ("2026-11-23T14:00:00.5Z", 1_795_442_400.5),
        ("2026-11-23T14:00:00.250+00:00", 1_795_442_400.25),
        ("2026-11-23T09:00:00.125-05:00", 1_795_442_400.125),
        ("2026-11-23T14:00:59Z", 1_795_442_459.0),
        ("1969-12-31T23:59:59Z", -1.0),
        ("2028-02-29T00:00:00+14:00", 1_835_344_800.0),
    ])
    func rfc3339Instants(_ text: String, _ seconds: TimeInterval) throws {
        guard case .instant(let date) = try TimeSpec.parse(text) else {
            Issue.record("\(text) is not an instant")
            return
        }
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test(arguments: [
        ("2026-11-23 09:00", local(2026, 11, 23, 9, 0), nil),
        ("2026-11-23 09:00:30", local(2026, 11, 23, 9, 0, 30), nil),
        ("2026-11-23 09:00 America/New_York", local(2026, 11, 23, 9, 0), "America/New_York"),
        ("2026-11-23 09:00:30 Europe/Oslo", local(2026, 11, 23, 9, 0, 30), "Europe/Oslo"),
        ("2026-11-23T09:00 Europe/London", local(2026, 11, 23, 9, 0), "Europe/London"),
        ("2026-11-23   09:00 \t UTC", local(2026, 11, 23, 9, 0), "UTC"),
        ("2026-11-23 09:00 America/Argentina/Buenos_Aires", local(2026, 11, 23, 9, 0),
         "America/Argentina/Buenos_Aires"),
        ("2026-11-23 09:00 Etc/GMT+5", local(2026, 11, 23, 9, 0), "Etc/GMT+5"),
        ("2026-11-23 09:00 US/Eastern", local(2026, 11, 23, 9, 0), "US/Eastern"),
    ] as [(String, LocalDateTime, String?)])
    func localTimes(_ text: String, _ expected: LocalDateTime, _ zone: String?) throws {
        #expect(try TimeSpec.parse(text) == .local(expected, zone: zone))
    }

    @Test(arguments: [
        "tomorrow", "2026-11-23", "2026-11-23T14", "2026-11-23T14:00:00+0100", "2026-11-23T14:00:00+01",
        "2026-11-23T14:00:00.Z", "26-11-23 09:00", "2026-11-23 9:00", "2026-11-23 09:0", "2026/11/23 09:00",
        "2026-11-23 09:00:00.5", "2026-11-23T14:00:00Z extra", "2026-11-2309:00", "2026-11-23T 09:00",
        "2026-11-23 09:00America/New_York", "09:00", "2026-11-23 09:00:00:00", "２０２６-11-23 09:00",
    ])
    func malformed(_ text: String) {
        #expect(throws: TimeSpecError.malformed(value: text)) { try TimeSpec.parse(text) }
    }

    @Test func emptyIsItsOwnError() {
        #expect(throws: TimeSpecError.empty) { try TimeSpec.parse("") }
        #expect(throws: TimeSpecError.empty) { try TimeSpec.parse("   ") }
    }

    @Test(arguments: [
        "2026-02-29 09:00", "2026-13-01 09:00", "2026-11-31 09:00", "2026-11-23 24:00", "2026-11-23 09:60",
        "2026-11-23T23:59:60Z", "0000-01-01T00:00:00Z", "2026-00-10 09:00",
    ])
    func datesThatDoNotExist(_ text: String) {
        #expect(throws: TimeSpecError.invalidDate(value: text)) { try TimeSpec.parse(text) }
    }

    @Test(arguments: ["2026-11-23T14:00:00+24:00", "2026-11-23T14:00:00-05:60"])
    func offsetsOutOfRange(_ text: String) {
        #expect(throws: TimeSpecError.invalidOffset(value: text)) { try TimeSpec.parse(text) }
    }

    @Test(arguments: [
        "Mars/Olympus_Mons", "America/Springfield", "EST", "PST", "GMT+5", "america/new_york", "utc", "Z",
        "New York", "America//New_York", "/America/New_York", "America/New_York/", "America/New York",
    ])
    func unknownZones(_ zone: String) {
        #expect(throws: TimeSpecError.unknownZone(zone: zone)) { try TimeSpec.parse("2026-11-23 09:00 \(zone)") }
    }

    @Test func resolvesEachForm() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let oslo = try #require(TimeZone(identifier: "Europe/Oslo"))
        #expect(try TimeSpec.parse("now").resolve(now: now, zone: oslo) == now)
        #expect(try TimeSpec.parse("2026-11-23T14:00:00Z").resolve(now: now, zone: oslo)
            == Date(timeIntervalSince1970: 1_795_442_400))
        // A zone in the spec wins over the one passed in.
        #expect(try TimeSpec.parse("2026-11-23 09:00 America/New_York").resolve(now: now, zone: oslo)
            == Date(timeIntervalSince1970: 1_795_442_400))
        // No zone: the one passed in (the account's); 15:00 CET is 14:00Z.
        #expect(try TimeSpec.parse("2026-11-23 15:00").resolve(now: now, zone: oslo)
            == Date(timeIntervalSince1970: 1_795_442_400))
        // DST contract through TimeSpec: 02:30 in the New York gap is 03:30 EDT.
        #expect(try TimeSpec.parse("2027-03-14 02:30 America/New_York").resolve(now: now, zone: oslo)
            == Date(timeIntervalSince1970: 1_805_009_400))
    }

    @Test func aHandBuiltUnknownZoneFallsBackToTheGivenZone() throws {
        let oslo = try #require(TimeZone(identifier: "Europe/Oslo"))
        let spec = TimeSpec.local(Self.local(2026, 11, 23, 15, 0), zone: "Nowhere/Land")
        #expect(spec.resolve(now: Date(timeIntervalSince1970: 0), zone: oslo)
            == Date(timeIntervalSince1970: 1_795_442_400))
    }

    @Test func usesDefaultZoneOnlyForLocalTimesWithoutZone() throws {
        #expect(try TimeSpec.parse("2026-11-23 09:00").usesDefaultZone)
        #expect(try !TimeSpec.parse("2026-11-23 09:00 UTC").usesDefaultZone)
        #expect(try !TimeSpec.parse("2026-11-23T09:00:00Z").usesDefaultZone)
        #expect(try !TimeSpec.parse("now").usesDefaultZone)
    }

    @Test(arguments: [
        ("now", "now"),
        ("2026-11-23T09:00:00-05:00", "2026-11-23T14:00:00Z"),
        ("2026-11-23 09:00 America/New_York", "2026-11-23 09:00:00 America/New_York"),
        ("2026-11-23 09:00", "2026-11-23 09:00:00"),
    ])
    func describesItself(_ text: String, _ description: String) throws {
        let spec = try TimeSpec.parse(text)
        #expect(spec.description == description)
        #expect(try TimeSpec.parse(description) == spec)
    }

    @Test func errorsReadWell() {
        #expect(TimeSpecError.unknownZone(zone: "Mars/Olympus").description.contains("Mars/Olympus"))
        #expect(TimeSpecError.malformed(value: "tomorrow").description.contains("`tomorrow` is not a time"))
        #expect(TimeSpecError.invalidDate(value: "2026-02-30 09:00").line == nil)
    }
}
