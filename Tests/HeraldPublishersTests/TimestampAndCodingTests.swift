import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

@Suite struct TimestampAndCodingTests {
    @Test func formatsUTCWithMillisecondsOnlyWhenNeeded() {
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_795_442_400)) == "2026-11-23T14:00:00Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_795_442_400.123)) == "2026-11-23T14:00:00.123Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_795_442_400.0004)) == "2026-11-23T14:00:00Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test(arguments: [
        ("2026-11-23T14:00:00Z", 1_795_442_400.0),
        ("2026-11-23t14:00:00z", 1_795_442_400.0),
        ("2026-11-23T09:00:00-05:00", 1_795_442_400.0),
        ("2026-11-23T15:30:00+01:30", 1_795_442_400.0),
        ("2026-11-23T14:00:00.25Z", 1_795_442_400.25),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
    ])
    func parsesRFC3339(text: String, seconds: Double) throws {
        let date = RFC3339.date(from: text)
        let parsed = try #require(date, "\(text)")
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 1e-6, "\(text) → \(parsed)")
    }

    @Test(arguments: [
        "", "2026-11-23", "2026-11-23 14:00:00Z", "2026-11-23T14:00Z", "2026-11-23T14:00:00", "2026-13-01T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T14:00:00.Z", "2026-11-23T14:00:00+0100",
        "2026-11-23T14:00:00Zjunk",
    ])
    func rejectsWhatIsNotRFC3339(text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }

    @Test func millisecondTimesSurviveARoundTrip() {
        for milliseconds in stride(from: 1_795_442_400_000, to: 1_795_442_401_000, by: 7) {
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = RFC3339.string(from: date)
            #expect(RFC3339.string(from: RFC3339.date(from: text)!) == text)
        }
    }

    @Test func outgoingStatusCodesTheSameWhateverTheEncoderSettings() throws {
        let status = makeStatus(inReplyTo: "x-1", author: "Brian", kind: .closing)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = try encoder.encode(status)
        let object = try jsonObject(data)
        #expect(object["scheduled_at"] as? String == "2026-11-23T14:00:00Z")
        #expect(object["kind"] as? String == "closing")
        #expect(try JSONDecoder().decode(OutgoingStatus.self, from: data) == status)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(
                OutgoingStatus.self,
                from: Data(String(decoding: data, as: UTF8.self)
                    .replacingOccurrences(of: "2026-11-23T14:00:00Z", with: "tomorrow").utf8))
        }
    }

    @Test func statusKindsAreTheOutboxKinds() {
        #expect(StatusKind.allCases.map(\.rawValue) == ["post", "announcement", "reminder", "closing"])
    }
}
