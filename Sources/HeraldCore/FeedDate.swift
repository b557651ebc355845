import Foundation

/// The dates feeds carry: RFC 822 as RSS 2.0 specifies it (`Wed, 02 Oct 2002 13:00:00 GMT`, two-digit years,
/// US zone names, seconds optional) and RFC 3339 as Atom does (which many RSS feeds use too).
public enum FeedDate {
    /// `text` as a date, or nil when it is neither form (a feed's bad date only costs the item its ordering).
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return RFC3339.date(from: trimmed) ?? rfc822(trimmed)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7,
    ]

    static func rfc822(_ text: String) -> Date? {
        var words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        if let first = words.first, first.first?.isLetter == true { words.removeFirst() }  // the day name
        guard words.count >= 4, let day = Int(words[0]), let month = months.firstIndex(of: String(words[1].prefix(3))),
              var year = Int(words[2]) else { return nil }
        if words[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        let clock = words[3].split(separator: ":").map { Int($0) }
        guard clock.count == 2 || clock.count == 3, let hour = clock[0], let minute = clock[1],
              (0...23).contains(hour), (0...59).contains(minute), (1...31).contains(day) else { return nil }
        let second = clock.count == 3 ? clock[2] : 0
        guard let second, (0...60).contains(second) else { return nil }
        let offset = words.count > 4 ? zoneOffset(words[4]) : 0
        guard let offset else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let components = DateComponents(year: year, month: month + 1, day: day, hour: hour, minute: minute,
                                        second: min(second, 59))
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }  // no 31 February
        return date.addingTimeInterval(TimeInterval(-offset))
    }

    /// Seconds east of UTC for `+0200`, `-0500`, `GMT`, `EST`; military single letters count as UTC, as RFC 2822
    /// says they must since their signs were published wrong.
    private static func zoneOffset(_ zone: String) -> Int? {
        if let hours = zones[zone] { return hours * 3600 }
        if zone.count == 1, zone.first?.isLetter == true { return 0 }
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
              let value = Int(zone.dropFirst()) else { return nil }
        let seconds = (value / 100) * 3600 + (value % 100) * 60
        return sign == "-" ? -seconds : seconds
    }
}
