import Foundation

/// RFC 3339 UTC rendering used in messages and JSON (`2026-11-23T14:00:00Z`, milliseconds when present).
public enum RFC3339 {
    public static func string(_ date: Date) -> String {
        var seconds = date.timeIntervalSince1970
        var millis = Int((seconds - seconds.rounded(.down)) * 1000 + 0.5)
        if millis == 1000 {
            millis = 0
            seconds = seconds.rounded(.down) + 1
        }
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        if millis > 0 {
            let padded = String(millis)
            text += "." + String(repeating: "0", count: 3 - padded.count) + padded
        }
        return text + "Z"
    }
}
