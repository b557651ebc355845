import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 timestamps as the outbox and exec JSON carry them.
///
/// Written in UTC with a `Z`, to the millisecond: `2026-11-23T14:00:00Z` when the time is a whole second, and
/// `2026-11-23T14:00:00.250Z` otherwise. Whole-second times (most scheduled times) therefore look exactly like
/// DESIGN's examples, while `published_at` keeps the millisecond precision the timing benchmark needs. Both forms
/// are plain RFC 3339 (a `time-secfrac` is optional there), so any RFC 3339 parser reads either.
/// Parsing accepts any RFC 3339 `date-time`: `T` or `t`, an optional fraction of any length, `Z`/`z` or `±HH:MM`.
enum RFC3339 {
    /// The timestamp of `date` in UTC, rounded to the nearest millisecond.
    static func string(from date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let totalMilliseconds = Int64(milliseconds)
        var seconds = totalMilliseconds / 1000
        var fraction = totalMilliseconds % 1000
        if fraction < 0 {
            fraction += 1000
            seconds -= 1
        }
        var time = time_t(seconds)
        var fields = tm()
        gmtime_r(&time, &fields)
        var text = pad(Int(fields.tm_year) + 1900, 4) + "-" + pad(Int(fields.tm_mon) + 1, 2) + "-"
            + pad(Int(fields.tm_mday), 2) + "T" + pad(Int(fields.tm_hour), 2) + ":" + pad(Int(fields.tm_min), 2)
            + ":" + pad(Int(fields.tm_sec), 2)
        if fraction != 0 { text += "." + pad(Int(fraction), 3) }
        return text + "Z"
    }

    /// The moment an RFC 3339 `date-time` names, or nil when `text` is not one.
    static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0

        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }
        func expect(_ allowed: String) -> Bool {
            guard index < bytes.count, allowed.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }

        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("Tt"), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
              let second = number(2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24,
              minute < 60, second <= 60
        else { return nil }

        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }

        var offsetSeconds = 0
        if expect("Zz") {
            offsetSeconds = 0
        } else {
            guard index < bytes.count else { return nil }
            let sign = bytes[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            index += 1
            guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2), offsetHours < 24,
                  offsetMinutes < 60
            else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        guard index == bytes.count else { return nil }

        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month - 1)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        let utcSeconds = Int(timegm(&fields)) - offsetSeconds
        return Date(timeIntervalSince1970: Double(utcSeconds) + fraction)
    }

    /// Decodes a required RFC 3339 string field, with a decoding error naming the field when it is malformed.
    static func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> Date {
        let text = try container.decode(String.self, forKey: key)
        guard let date = date(from: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "not an RFC 3339 date-time: \(text)")
        }
        return date
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
