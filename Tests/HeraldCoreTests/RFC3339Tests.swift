import Foundation
import Testing

import HeraldCore

@Suite("RFC 3339 rendering")
struct RFC3339Tests {
    /// 2026-11-23T14:00:00Z.
    let whole = Date(timeIntervalSince1970: 1_795_442_400)

    @Test func wholeSecondsHaveNoFraction() {
        #expect(RFC3339.string(from: whole) == "2026-11-23T14:00:00Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test func singleDigitFieldsAreZeroPadded() {
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_799_118_245)) == "2027-01-05T03:04:05Z")
    }

    @Test func aLeapDayAndTheLastSecondOfADay() {
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_835_481_599)) == "2028-02-29T23:59:59Z")
    }

    @Test(arguments: [
        (0.123, "2026-11-23T14:00:00.123Z"),
        (0.5, "2026-11-23T14:00:00.500Z"),
        (0.05, "2026-11-23T14:00:00.050Z"),
        (0.001, "2026-11-23T14:00:00.001Z"),
        (0.999, "2026-11-23T14:00:00.999Z"),
        (59.25, "2026-11-23T14:00:59.250Z"),
    ])
    func millisecondsAreWrittenWithThreeDigits(offset: Double, expected: String) {
        #expect(RFC3339.string(from: whole.addingTimeInterval(offset)) == expected)
    }

    @Test(arguments: [
        (0.0004, "2026-11-23T14:00:00Z"),
        (0.0006, "2026-11-23T14:00:00.001Z"),
        (0.12349, "2026-11-23T14:00:00.123Z"),
        (0.12351, "2026-11-23T14:00:00.124Z"),
        (0.9994, "2026-11-23T14:00:00.999Z"),
        (0.9996, "2026-11-23T14:00:01Z"),
        (59.9999, "2026-11-23T14:01:00Z"),
        (86_399.9999, "2026-11-24T14:00:00Z"),
    ])
    func fractionsRoundToTheNearestMillisecondCarryingIntoTheNextSecond(offset: Double, expected: String) {
        #expect(RFC3339.string(from: whole.addingTimeInterval(offset)) == expected)
    }

    @Test func roundingCarriesAcrossMidnightAndTheYear() {
        let lastInstantOf2026 = Date(timeIntervalSince1970: 1_798_761_599.9999)
        #expect(RFC3339.string(from: lastInstantOf2026) == "2027-01-01T00:00:00Z")
    }

    @Test func instantsBeforeTheEpochKeepAPositiveFraction() {
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}
