import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 timestamps as Herald writes them: JSON output, outbox files, messages.
///
/// UTC with a `Z`, to the millisecond: `2026-11-23T14:00:00Z` when the time is a whole second, and
/// `2026-11-23T14:00:00.250Z` otherwise, so whole-second times look exactly like DESIGN's examples while
/// `published_at` keeps the precision the timing benchmark needs. Both are plain RFC 3339 (`time-secfrac` is
/// optional there). Parsing goes through `TimeSpec`, which reads every RFC 3339 form.
public enum RFC3339 {
    /// The timestamp of `date` in UTC, rounded to the nearest millisecond.
    public static func string(from date: Date) -> String {
        let (seconds, milliseconds) = split(date)
        let local = TimeZone.utcForHerald.localDateTime(for: Date(timeIntervalSince1970: Double(seconds)))
        return stamp(local, milliseconds: milliseconds) + "Z"
    }

    /// The wall-clock time of `date` in `zone` with its UTC offset: `2026-11-23T09:00:00-05:00`.
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        let (seconds, milliseconds) = split(date)
        let whole = Date(timeIntervalSince1970: Double(seconds))
        let offset = zone.secondsFromGMT(for: whole)
        let magnitude = abs(offset) / 60
        let sign = offset < 0 ? "-" : "+"
        return stamp(zone.localDateTime(for: whole), milliseconds: milliseconds)
            + sign + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
    }

    /// The instant an RFC 3339 `date-time` names, or nil when `text` is not one. Stricter than `TimeSpec`,
    /// which also takes a space for the `T` and omitted seconds: machine-written fields must be exact.
    public static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[16] == UInt8(ascii: ":"),
              case let .instant(date)? = try? TimeSpec.parse(text)
        else { return nil }
        return date
    }

    private static func split(_ date: Date) -> (seconds: Int64, milliseconds: Int) {
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = total / 1000
        var fraction = total % 1000
        if fraction < 0 {
            fraction += 1000
            seconds -= 1
        }
        return (seconds, Int(fraction))
    }

    private static func stamp(_ local: LocalDateTime, milliseconds: Int) -> String {
        var text = pad(local.year, 4) + "-" + pad(local.month, 2) + "-" + pad(local.day, 2) + "T"
            + pad(local.hour, 2) + ":" + pad(local.minute, 2) + ":" + pad(local.second, 2)
        if milliseconds != 0 { text += "." + pad(milliseconds, 3) }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
