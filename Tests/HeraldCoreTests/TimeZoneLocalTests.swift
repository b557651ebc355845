import Foundation
import Testing
@testable import HeraldCore

/// DESIGN's DST contract, with expectations taken from Python's zoneinfo (fold = 0), which follows the same rules.
@Suite struct TimeZoneLocalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var zone: String
        var local: LocalDateTime
        /// Seconds since 1970 (UTC) the local time means.
        var expected: TimeInterval
        /// What the wall clock shows at that instant (differs from `local` in a gap).
        var shown: LocalDateTime
        var note: String
        var testDescription: String { "\(zone) \(local): \(note)" }

        init(_ zone: String, _ local: (Int, Int, Int, Int, Int), _ expected: TimeInterval,
             shows shown: (Int, Int, Int, Int, Int)? = nil, _ note: String) {
            self.zone = zone
            self.local = LocalDateTime(year: local.0, month: local.1, day: local.2, hour: local.3, minute: local.4)!
            self.expected = expected
            let s = shown ?? local
            self.shown = LocalDateTime(year: s.0, month: s.1, day: s.2, hour: s.3, minute: s.4)!
            self.note = note
        }
    }

    static let cases: [Case] = [
        // America/New_York: spring forward 2027-03-14 02:00 → 03:00, fall back 2026-11-01 02:00 → 01:00.
        Case("America/New_York", (2026, 11, 23, 9, 0), 1_795_442_400, "ordinary winter time (EST)"),
        Case("America/New_York", (2027, 3, 14, 2, 30), 1_805_009_400, shows: (2027, 3, 14, 3, 30),
             "gap: 02:30 moves forward by the hour to 03:30 EDT"),
        Case("America/New_York", (2026, 3, 8, 2, 0), 1_772_953_200, shows: (2026, 3, 8, 3, 0),
             "gap start: 02:00 is 03:00 EDT"),
        Case("America/New_York", (2027, 3, 14, 1, 59), 1_805_007_540, "just before the gap (EST)"),
        Case("America/New_York", (2027, 3, 14, 3, 0), 1_805_007_600, "just after the gap (EDT)"),
        Case("America/New_York", (2026, 11, 1, 1, 30), 1_793_511_000, "ambiguous: first occurrence (EDT)"),
        Case("America/New_York", (2026, 11, 1, 1, 0), 1_793_509_200, "ambiguous hour's start: first (EDT)"),
        Case("America/New_York", (2026, 11, 1, 2, 0), 1_793_516_400, "after the repeated hour (EST)"),
        // Europe/London: spring forward 2027-03-28 01:00 → 02:00, fall back 2026-10-25 02:00 → 01:00.
        Case("Europe/London", (2026, 7, 1, 12, 0), 1_782_903_600, "ordinary summer time (BST)"),
        Case("Europe/London", (2026, 12, 1, 12, 0), 1_796_126_400, "ordinary winter time (GMT)"),
        Case("Europe/London", (2027, 3, 28, 1, 30), 1_806_197_400, shows: (2027, 3, 28, 2, 30),
             "gap: 01:30 moves forward to 02:30 BST"),
        Case("Europe/London", (2026, 10, 25, 1, 30), 1_792_888_200, "ambiguous: first occurrence (BST)"),
        // Europe/Oslo: spring forward 02:00 → 03:00, fall back 03:00 → 02:00.
        Case("Europe/Oslo", (2026, 6, 15, 9, 0), 1_781_506_800, "ordinary summer time (CEST)"),
        Case("Europe/Oslo", (2027, 3, 28, 2, 30), 1_806_197_400, shows: (2027, 3, 28, 3, 30),
             "gap: 02:30 moves forward to 03:30 CEST"),
        Case("Europe/Oslo", (2026, 3, 29, 2, 0), 1_774_746_000, shows: (2026, 3, 29, 3, 0),
             "gap start: 02:00 is 03:00 CEST"),
        Case("Europe/Oslo", (2026, 10, 25, 2, 30), 1_792_888_200, "ambiguous: first occurrence (CEST)"),
        // Zones without DST.
        Case("UTC", (2026, 11, 23, 14, 0), 1_795_442_400, "UTC"),
        Case("Asia/Kolkata", (2026, 11, 23, 19, 30), 1_795_442_400, "a half-hour offset"),
    ]

    @Test(arguments: cases)
    func localTimeToInstant(_ testCase: Case) throws {
        let zone = try #require(TimeZone(identifier: testCase.zone))
        #expect(zone.date(for: testCase.local) == Date(timeIntervalSince1970: testCase.expected))
    }

    @Test(arguments: cases)
    func instantToLocalTime(_ testCase: Case) throws {
        let zone = try #require(TimeZone(identifier: testCase.zone))
        #expect(zone.localDateTime(for: Date(timeIntervalSince1970: testCase.expected)) == testCase.shown)
    }

    @Test func secondOccurrenceOfARepeatedHourReadsBackAsTheSameWallClock() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // 06:30Z on 2026-11-01 is 01:30 EST, the repeated 01:30.
        let second = Date(timeIntervalSince1970: 1_793_511_000 + 3600)
        let local = newYork.localDateTime(for: second)
        #expect(local == LocalDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30))
        // Going back means the first occurrence, an hour earlier.
        #expect(newYork.date(for: local) == second.addingTimeInterval(-3600))
    }

    /// Every quarter hour across both transition days: reading the wall clock and converting back gives the same
    /// instant, except in the repeated hour's second pass, which comes back as the first (an hour earlier).
    @Test(arguments: ["America/New_York", "Europe/London", "Europe/Oslo"])
    func roundTripsAcrossTransitionDays(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let starts: [TimeInterval] = [1_772_928_000, 1_793_491_200, 1_805_000_000, 1_774_656_000, 1_792_800_000]
        for start in starts {
            for step in 0..<(4 * 48) {
                let instant = Date(timeIntervalSince1970: start + TimeInterval(step * 900))
                let back = zone.date(for: zone.localDateTime(for: instant))
                let isSecondPass = zone.secondsFromGMT(for: instant)
                    < zone.secondsFromGMT(for: instant.addingTimeInterval(-3600))
                #expect(back == (isSecondPass ? instant.addingTimeInterval(-3600) : instant), "\(instant)")
            }
        }
    }

    @Test func inverseDropsFractionsTowardThePast() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(utc.localDateTime(for: Date(timeIntervalSince1970: 59.9))
            == LocalDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 59))
        #expect(utc.localDateTime(for: Date(timeIntervalSince1970: -0.5))
            == LocalDateTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59))
    }

    @Test func inverseClampsOutsideYearsOneToNineThousand() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(utc.localDateTime(for: Date(timeIntervalSince1970: 1e12))
            == LocalDateTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59))
        #expect(utc.localDateTime(for: Date(timeIntervalSince1970: -1e12)) == LocalDateTime(year: 1, month: 1, day: 1))
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        #expect(tokyo.localDateTime(for: Date(timeIntervalSince1970: 1e12)).year == 9999)
    }
}
