import Foundation
import Testing
@testable import HeraldCore

@Suite("ActivityCurve")
struct ActivityCurveTests {
    static func quarter(_ label: String) -> Int {
        (0..<ActivityCurve.count).first { ActivityCurve.label(ofQuarter: $0) == label }!
    }

    @Test("the built-in curve: 672 values, peak 1, morning, lunch and evening peaks, quieter weekends and nights")
    func standardShape() {
        let curve = ActivityCurve.standard
        #expect(curve.values.count == 672)
        #expect(curve.peak == 1)
        let monday = Array(curve.values[0..<96])
        func isLocalPeak(_ index: Int, in day: [Double]) -> Bool {
            (index - 4...index + 4).allSatisfy { day[$0] <= day[index] }
        }
        // Peaks near 08:30, 12:30 and 20:30 on weekdays.
        for label in ["08:30", "12:30", "20:30"] {
            let index = Self.quarter("Mon,\(label)")
            let best = (index - 2...index + 2).max { monday[$0] < monday[$1] }!
            #expect(isLocalPeak(best, in: monday), "no peak near Monday \(label)")
        }
        #expect(curve.value(day: 0, time: ClockTime(hour: 3, minute: 0)) < 0.1)
        #expect(curve.value(day: 5, time: ClockTime(hour: 8, minute: 30))
            < curve.value(day: 0, time: ClockTime(hour: 8, minute: 30)))
        // Every weekday is the same shape.
        #expect(Array(curve.values[96..<192]) == Array(curve.values[192..<288]))
    }

    @Test("etc/herald/curves/default.csv is exactly the built-in curve")
    func shippedFile() throws {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("etc/herald/curves/default.csv"), encoding: .utf8)
        #expect(try ActivityCurve(csv: text) == ActivityCurve.standard)
        #expect(text == ActivityCurve.standard.csv)
    }

    @Test("CSV round trip, rows in any order, spaces, CRLF, quotes and a byte-order mark")
    func roundTrip() throws {
        var random = PlanTestSupport.Random(seed: 3)
        let curve = try ActivityCurve(values: (0..<672).map { _ in (random.unit() * 1e6).rounded() / 1e6 })
        #expect(try ActivityCurve(csv: curve.csv) == curve)
        var lines = curve.csv.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        lines.reverse()
        lines[0] = " " + lines[0].replacingOccurrences(of: ",", with: " , ")
        lines[1] = "\"" + lines[1].replacingOccurrences(of: ",", with: "\",\"") + "\""
        let messy = "\u{FEFF}" + ([header] + lines).joined(separator: "\r\n") + "\r\n\r\n"
        #expect(try ActivityCurve(csv: messy) == curve)
        #expect(curve.csv.hasPrefix("day,time,activity\nMon,00:00,"))
        #expect(ActivityCurve.decimal(0.5) == "0.5" && ActivityCurve.decimal(1) == "1")
        #expect(ActivityCurve.decimal(0.0000004) == "0" && ActivityCurve.decimal(12.345678) == "12.345678")
    }

    static func failure(_ text: String) -> ActivityCurveError? {
        do {
            _ = try ActivityCurve(csv: text)
            return nil
        } catch {
            return error
        }
    }

    static func replacing(row label: String, with row: String) -> String {
        ActivityCurve.standard.csv.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(label + ",") ? row : String($0) }.joined(separator: "\n")
    }

    @Test("errors name the line")
    func errors() {
        // Line numbers: the header is line 1, Mon,00:00 line 2, so Mon,01:00 is line 6.
        #expect(Self.failure(Self.replacing(row: "Mon,01:00", with: "Mo,01:00,0.5"))
            == ActivityCurveError(line: 6, reason: .badDay("Mo")))
        #expect(Self.failure(Self.replacing(row: "Mon,01:00", with: "Mon,01:10,0.5"))
            == ActivityCurveError(line: 6, reason: .badTime("01:10")))
        #expect(Self.failure(Self.replacing(row: "Mon,01:00", with: "Mon,01:00,-1"))
            == ActivityCurveError(line: 6, reason: .badActivity("-1")))
        #expect(Self.failure(Self.replacing(row: "Mon,01:00", with: "Mon,01:00,nan"))
            == ActivityCurveError(line: 6, reason: .badActivity("nan")))
        #expect(Self.failure(Self.replacing(row: "Mon,01:00", with: "Mon,01:00"))
            == ActivityCurveError(line: 6, reason: .wrongFieldCount(2)))
        #expect(Self.failure(Self.replacing(row: "Mon,01:00", with: "Mon,00:45,1"))
            == ActivityCurveError(line: 6, reason: .duplicate("Mon,00:45")))
        #expect(Self.failure(Self.replacing(row: "Mon,01:00", with: "Mon,\"01:00,1"))
            == ActivityCurveError(line: 6, reason: .unterminatedQuote))
        #expect(Self.failure(Self.replacing(row: "Sun,23:45", with: ""))
            == ActivityCurveError(line: nil, reason: .missing(first: "Sun,23:45", count: 1)))
        #expect(Self.failure("quarter,value\n")?.line == 1)
        #expect(Self.failure("\n\n") == ActivityCurveError(line: nil, reason: .empty))
        #expect(Self.failure(Self.replacing(row: "Mon,01:00", with: "Mon,01:00,x"))?.description
            == "line 6: bad activity \"x\" (expected a number ≥ 0)")
        #expect(throws: ActivityCurveError(line: nil, reason: .wrongCount(3))) { try ActivityCurve(values: [1, 2, 3]) }
    }
}
