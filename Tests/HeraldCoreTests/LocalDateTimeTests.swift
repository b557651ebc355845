import Testing
@testable import HeraldCore

@Suite struct LocalDateTimeTests {
    @Test(arguments: [
        (2026, 11, 23, 9, 0, 0),
        (2028, 2, 29, 0, 0, 0),
        (2000, 2, 29, 23, 59, 59),
        (1, 1, 1, 0, 0, 0),
        (9999, 12, 31, 23, 59, 59),
        (2026, 4, 30, 12, 30, 0),
    ])
    func acceptsRealDates(_ fields: (Int, Int, Int, Int, Int, Int)) {
        let (year, month, day, hour, minute, second) = fields
        let local = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        #expect(local?.year == year)
        #expect(local?.second == second)
    }

    @Test(arguments: [
        (2026, 2, 29, 0, 0, 0),  // not a leap year
        (1900, 2, 29, 0, 0, 0),  // century, not a leap year
        (2026, 4, 31, 0, 0, 0),
        (2026, 13, 1, 0, 0, 0),
        (2026, 0, 1, 0, 0, 0),
        (2026, 1, 0, 0, 0, 0),
        (2026, 1, 1, 24, 0, 0),
        (2026, 1, 1, 0, 60, 0),
        (2026, 1, 1, 0, 0, 60),
        (2026, 1, 1, -1, 0, 0),
        (0, 1, 1, 0, 0, 0),
        (10000, 1, 1, 0, 0, 0),
    ])
    func rejectsDatesThatDoNotExist(_ fields: (Int, Int, Int, Int, Int, Int)) {
        let (year, month, day, hour, minute, second) = fields
        #expect(LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second) == nil)
    }

    @Test func leapYears() {
        #expect(LocalDateTime.isLeapYear(2028))
        #expect(LocalDateTime.isLeapYear(2000))
        #expect(!LocalDateTime.isLeapYear(1900))
        #expect(!LocalDateTime.isLeapYear(2026))
        #expect(LocalDateTime.daysIn(month: 2, year: 2028) == 29)
        #expect(LocalDateTime.daysIn(month: 2, year: 2026) == 28)
        #expect(LocalDateTime.daysIn(month: 13, year: 2026) == 0)
    }

    @Test(arguments: [
        ((1970, 1, 1, 0, 0, 0), Int64(0)),
        ((2026, 11, 23, 14, 0, 0), Int64(1_795_442_400)),
        ((2000, 3, 1, 0, 0, 0), Int64(951_868_800)),
        ((1969, 12, 31, 23, 59, 59), Int64(-1)),
        ((1, 1, 1, 0, 0, 0), Int64(-62_135_596_800)),
        ((9999, 12, 31, 23, 59, 59), Int64(253_402_300_799)),
    ])
    func secondsAsIfUTCMatchesTheEpoch(_ fields: (Int, Int, Int, Int, Int, Int), _ seconds: Int64) throws {
        let (year, month, day, hour, minute, second) = fields
        let local = try #require(
            LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        )
        #expect(local.secondsAsIfUTC == seconds)
        #expect(LocalDateTime(secondsAsIfUTC: seconds) == local)
    }

    @Test func roundTripsEveryDayOfSeveralYears() {
        var seconds: Int64 = LocalDateTime(year: 1999, month: 12, day: 25)!.secondsAsIfUTC
        for _ in 0..<(366 * 6) {
            let local = LocalDateTime(secondsAsIfUTC: seconds + 3723)
            #expect(local?.secondsAsIfUTC == seconds + 3723)
            #expect(local?.hour == 1 && local?.minute == 2 && local?.second == 3)
            seconds += 86_400
        }
    }

    @Test func ordersAndDescribes() {
        let earlier = LocalDateTime(year: 2026, month: 11, day: 23, hour: 9)!
        let later = LocalDateTime(year: 2026, month: 11, day: 23, hour: 9, minute: 0, second: 1)!
        #expect(earlier < later)
        #expect(earlier.description == "2026-11-23 09:00:00")
        #expect(LocalDateTime(year: 33, month: 1, day: 2, hour: 3, minute: 4, second: 5)!.description
            == "0033-01-02 03:04:05")
    }
}
