import Foundation
import Testing
@testable import HeraldCore

/// `Repeat:`, `Repeat-Until:` and `Repeat-Count:` (issue 14): parsing with lines, and the next occurrence's
/// nominal time across DST (days and weeks are calendar steps, minutes and hours absolute seconds).
@Suite struct RepeatRuleTests {
    private static let newYork = TimeZone(identifier: "America/New_York")!
    private static let berlin = TimeZone(identifier: "Europe/Berlin")!

    private static func parse(_ text: String) throws(PostFileError) -> PostFile {
        try PostFile.parse(Array(text.utf8))
    }

    private static func instant(_ text: String) -> Date {
        guard case let .instant(date)? = try? TimeSpec.parse(text) else { fatalError("not an instant: \(text)") }
        return date
    }

    private static func local(_ text: String, _ zone: TimeZone) -> Date {
        guard let spec = try? TimeSpec.parse(text) else { fatalError("not a time: \(text)") }
        return spec.resolve(now: Date(timeIntervalSince1970: 0), zone: zone)
    }

    // MARK: - Parsing

    @Test func readsTheRepeatHeaders() throws {
        let file = try Self.parse("""
            Account: brand
            At: 2027-01-04 09:00
            Repeat: every 14d
            Repeat-Until: 2027-06-01 09:00
            Repeat-Count: 5

            Our weekly tips.
            """)
        let rule = try #require(file.repeatRule)
        #expect(rule.every == RepeatInterval(amount: 14, unit: .day))
        #expect(rule.count == 5)
        #expect(rule.until == .local(LocalDateTime(year: 2027, month: 6, day: 1, hour: 9)!, zone: nil))
        #expect(file.line(of: .repeatEvery) == 3)
        #expect(rule.description == "every 14d, 5 times until 2027-06-01 09:00:00")
    }

    @Test(arguments: [
        ("every 2w", 2, RepeatInterval.Unit.week), ("EVERY 90M", 90, .minute), ("every   1h", 1, .hour),
        ("Every 1d", 1, .day),
    ])
    func readsEachUnit(_ text: String, _ amount: Int, _ unit: RepeatInterval.Unit) throws {
        let interval = try RepeatInterval.parse(text)
        #expect(interval.amount == amount && interval.unit == unit)
        #expect(RepeatInterval(stored: interval.description) == interval)
    }

    @Test func aPostWithoutRepeatHasNoRule() throws {
        #expect(try Self.parse("Account: brand\n\nOnce.\n").repeatRule == nil)
    }

    @Test(arguments: ["14d", "every 14", "every 1.5d", "every 14 d", "every d", "every 14y", "every -1d", "every"])
    func refusesMalformedRepeats(_ value: String) {
        #expect(throws: PostFileError.invalidRepeat(line: 2, error: .malformed(value: value))) {
            try Self.parse("Account: brand\nRepeat: \(value)\n\nText.\n")
        }
    }

    @Test(arguments: ["every 59m", "every 30m", "every 0h"])
    func refusesRepeatsMoreOftenThanHourly(_ value: String) throws {
        let error = #expect(throws: PostFileError.self) {
            try Self.parse("Account: brand\nRepeat: \(value)\n\nText.\n")
        }
        #expect(error?.line == 2)
        if value != "every 0h" { #expect(error == .invalidRepeat(line: 2, error: .tooShort(value: value))) }
    }

    @Test(arguments: ["0", "-1", "two", "1.5", "9999999"])
    func refusesBadCounts(_ value: String) {
        #expect(throws: PostFileError.invalidRepeatCount(line: 3, value: value)) {
            try Self.parse("Account: brand\nRepeat: every 1d\nRepeat-Count: \(value)\n\nText.\n")
        }
    }

    @Test func boundsNeedARepeat() {
        #expect(throws: PostFileError.repeatBoundWithoutRepeat(header: .repeatUntil, line: 2)) {
            try Self.parse("Account: brand\nRepeat-Until: 2027-01-01 09:00\n\nText.\n")
        }
        #expect(throws: PostFileError.repeatBoundWithoutRepeat(header: .repeatCount, line: 3)) {
            try Self.parse("Account: brand\nAt: 2027-01-01 09:00\nRepeat-Count: 3\n\nText.\n")
        }
    }

    @Test func aReplyCannotRepeat() throws {
        let error = #expect(throws: PostFileError.repeatWithReply(line: 3, replyLine: 2)) {
            try Self.parse("Account: brand\nIn-Reply-To: 12345\nRepeat: every 1d\n\nThanks!\n")
        }
        #expect(error?.description.hasPrefix("line 3: `Repeat` cannot be combined with `In-Reply-To` (line 2)")
                == true)
    }

    @Test func untilIsATime() {
        #expect(throws: PostFileError.nowNotAllowed(header: .repeatUntil, line: 3)) {
            try Self.parse("Account: brand\nRepeat: every 1d\nRepeat-Until: now\n\nText.\n")
        }
        #expect(throws: PostFileError.invalidTime(header: .repeatUntil, line: 3,
                                                  error: .malformed(value: "next week"))) {
            try Self.parse("Account: brand\nRepeat: every 1d\nRepeat-Until: next week\n\nText.\n")
        }
    }

    @Test func aMisspeltRepeatHeaderIsSuggested() {
        #expect(throws: PostFileError.unknownHeader(name: "Repeat-Cont", line: 2, suggestion: .repeatCount)) {
            try Self.parse("Account: brand\nRepeat-Cont: 3\n\nText.\n")
        }
    }

    // MARK: - Next occurrence across DST

    @Test func dailyStaysAtNineAcrossSpringForward() {
        let anchor = Self.local("2027-03-13 09:00", Self.newYork)  // EST
        let next = RepeatInterval(amount: 1, unit: .day)!.advance(anchor, steps: 1, in: Self.newYork)
        #expect(next == Self.instant("2027-03-14T13:00:00Z"))  // 09:00 EDT
        #expect(next.timeIntervalSince(anchor) == 23 * 3600)
    }

    @Test func dailyStaysAtNineAcrossFallBack() {
        let anchor = Self.local("2026-10-31 09:00", Self.newYork)  // EDT
        let next = RepeatInterval(amount: 1, unit: .day)!.advance(anchor, steps: 1, in: Self.newYork)
        #expect(next == Self.instant("2026-11-01T14:00:00Z"))  // 09:00 EST
        #expect(next.timeIntervalSince(anchor) == 25 * 3600)
    }

    @Test func aTimeInTheGapMovesForwardThenComesBack() {
        let every = RepeatInterval(amount: 1, unit: .day)!
        let anchor = Self.local("2027-03-13 02:30", Self.newYork)
        // 02:30 does not exist on 14 March: 03:30 EDT; on the 15th it is 02:30 again (counted from the anchor).
        #expect(every.advance(anchor, steps: 1, in: Self.newYork) == Self.instant("2027-03-14T07:30:00Z"))
        #expect(every.advance(anchor, steps: 2, in: Self.newYork) == Self.instant("2027-03-15T06:30:00Z"))
    }

    @Test func anAmbiguousTimeIsItsFirstOccurrence() {
        let every = RepeatInterval(amount: 1, unit: .day)!
        let anchor = Self.local("2026-10-31 01:30", Self.newYork)  // EDT
        #expect(every.advance(anchor, steps: 1, in: Self.newYork) == Self.instant("2026-11-01T05:30:00Z"))  // EDT
        #expect(every.advance(anchor, steps: 2, in: Self.newYork) == Self.instant("2026-11-02T06:30:00Z"))  // EST
    }

    @Test func weeklyInEuropeKeepsTheWallClock() {
        let every = RepeatInterval(amount: 1, unit: .week)!
        let anchor = Self.local("2027-03-22 10:00", Self.berlin)  // CET
        #expect(anchor == Self.instant("2027-03-22T09:00:00Z"))
        #expect(every.advance(anchor, steps: 1, in: Self.berlin) == Self.instant("2027-03-29T08:00:00Z"))  // CEST
        let autumn = Self.local("2027-10-25 10:00", Self.berlin)  // CET, the day after fall back
        #expect(every.advance(anchor, steps: 31, in: Self.berlin) == autumn)
    }

    @Test func hoursAreAbsoluteSecondsAcrossDST() {
        let anchor = Self.instant("2027-03-14T06:30:00Z")  // 01:30 EST, half an hour before the gap
        let hourly = RepeatInterval(amount: 1, unit: .hour)!
        #expect(hourly.advance(anchor, steps: 1, in: Self.newYork) == Self.instant("2027-03-14T07:30:00Z"))
        let ninety = RepeatInterval(amount: 90, unit: .minute)!
        #expect(ninety.advance(anchor, steps: 2, in: Self.newYork) == Self.instant("2027-03-14T09:30:00Z"))
    }

    // MARK: - Caps

    @Test func theCountEndsTheSeries() {
        let rule = RepeatRule(every: RepeatInterval(amount: 14, unit: .day)!, count: 3)
        let anchor = Self.instant("2027-01-04T14:00:00Z")
        let second = RepeatRule.Position(anchor: anchor, step: 1, occurrence: 2)
        let now = Self.instant("2027-01-18T14:00:01Z")
        #expect(rule.next(after: second, now: now, zone: Self.newYork)
                == .occurrence(occurrence: 3, step: 2, nominal: Self.instant("2027-02-01T14:00:00Z")))
        let third = RepeatRule.Position(anchor: anchor, step: 2, occurrence: 3)
        #expect(rule.next(after: third, now: now, zone: Self.newYork) == .countReached(3))
    }

    @Test func aCountOfOneIsASinglePublication() {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 1)
        let first = RepeatRule.Position(anchor: Self.instant("2027-01-04T14:00:00Z"), step: 0, occurrence: 1)
        #expect(rule.next(after: first, now: Self.instant("2027-01-04T14:00:00Z"), zone: Self.newYork)
                == .countReached(1))
    }

    @Test func untilInTheAccountsZoneIsInclusive() {
        let until = TimeSpec.local(LocalDateTime(year: 2027, month: 3, day: 15, hour: 9)!, zone: nil)
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, until: until)
        let anchor = Self.local("2027-03-13 09:00", Self.newYork)
        let now = Self.local("2027-03-14 09:00", Self.newYork)
        let second = RepeatRule.Position(anchor: anchor, step: 1, occurrence: 2)
        #expect(rule.next(after: second, now: now, zone: Self.newYork)
                == .occurrence(occurrence: 3, step: 2, nominal: Self.local("2027-03-15 09:00", Self.newYork)))
        let third = RepeatRule.Position(anchor: anchor, step: 2, occurrence: 3)
        #expect(rule.next(after: third, now: now.addingTimeInterval(86_400), zone: Self.newYork)
                == .untilReached(Self.local("2027-03-15 09:00", Self.newYork)))
    }

    @Test func missedStepsAreSkippedNotBurst() {
        let rule = RepeatRule(every: RepeatInterval(amount: 1, unit: .day)!, count: 10)
        let anchor = Self.instant("2027-01-04T14:00:00Z")
        let first = RepeatRule.Position(anchor: anchor, step: 0, occurrence: 1)
        // Published three and a half days late: the next is the first nominal time still ahead, occurrence 2.
        let now = anchor.addingTimeInterval(3.5 * 86_400)
        #expect(rule.next(after: first, now: now, zone: Self.newYork)
                == .occurrence(occurrence: 2, step: 4, nominal: anchor.addingTimeInterval(4 * 86_400)))
        // Years late: arithmetic, and still the first step after now.
        let later = anchor.addingTimeInterval(3 * 365 * 86_400 + 3600)
        guard case let .occurrence(_, step, nominal) = rule.next(after: first, now: later, zone: Self.newYork) else {
            Issue.record("expected an occurrence")
            return
        }
        #expect(nominal > later && nominal.timeIntervalSince(later) <= 86_400 + 3600)
        #expect(RepeatInterval(amount: 1, unit: .day)!.advance(anchor, steps: step - 1, in: Self.newYork) <= later)
    }
}
