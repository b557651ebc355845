import Foundation

/// Durations as herald.toml writes them: `"45s"`, `"20m"`, `"1h30m"`, `"24h"`, `"2d"`, `"500ms"`.
///
/// A duration is one or more `<digits><unit>` pieces with units from `d`, `h`, `m`, `s` and `ms`, each at most once
/// and from the largest to the smallest (`"1h30m"`, not `"30m1h"`). A leading `-` makes it negative, so that callers
/// can say "must not be negative" rather than "malformed". `"0"` alone is zero; other bare numbers are rejected in
/// strings, because `"30"` could mean seconds or minutes (an integer TOML value means seconds; the loader handles
/// that case, not this parser).
///
/// | text       | seconds |
/// |------------|---------|
/// | `"45s"`    | 45      |
/// | `"15m"`    | 900     |
/// | `"1h30m"`  | 5400    |
/// | `"24h"`    | 86400   |
/// | `"2d"`     | 172800  |
/// | `"1m500ms"`| 60.5    |
public enum DurationParser {
    /// The units in the order they must appear, with their length in seconds.
    private static let units: [(name: String, seconds: Double)] = [
        ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1), ("ms", 0.001),
    ]

    /// The number of seconds `text` stands for, or nil when it is not a duration. Outer whitespace is ignored.
    public static func seconds(from text: String) -> TimeInterval? {
        var scalars = Substring(text.trimmingCharacters(in: .whitespaces)).unicodeScalars[...]
        var sign = 1.0
        if scalars.first == "-" {
            sign = -1
            scalars = scalars.dropFirst()
        }
        if scalars.elementsEqual("0".unicodeScalars) { return 0 }
        guard !scalars.isEmpty else { return nil }

        var total = 0.0
        var nextUnit = 0  // index into `units` of the smallest unit index still allowed
        while !scalars.isEmpty {
            let digits = scalars.prefix { ("0"..."9").contains($0) }
            // Ten digits are far beyond any useful duration and keep the sum exact in a Double.
            guard !digits.isEmpty, digits.count <= 10, let number = Int(String(String.UnicodeScalarView(digits)))
            else { return nil }
            scalars = scalars.dropFirst(digits.count)
            let letters = String(String.UnicodeScalarView(scalars.prefix { ("a"..."z").contains($0) }))
            guard let unit = units.firstIndex(where: { $0.name == letters }), unit >= nextUnit else { return nil }
            scalars = scalars.dropFirst(letters.unicodeScalars.count)
            total += Double(number) * units[unit].seconds
            nextUnit = unit + 1
        }
        return sign * total
    }

    /// Renders seconds the way herald.toml writes them: `5400` → `"1h30m"`, `0` → `"0s"`, `0.25` → `"250ms"`.
    /// Whole milliseconds are kept; anything finer is rounded.
    public static func format(_ seconds: TimeInterval) -> String {
        var millis = Int((abs(seconds) * 1000).rounded())
        var text = seconds < 0 && millis > 0 ? "-" : ""
        guard millis > 0 else { return "0s" }
        for unit in units {
            let size = Int((unit.seconds * 1000).rounded())
            let count = millis / size
            if count > 0 {
                text += String(count) + unit.name
                millis -= count * size
            }
        }
        return text
    }
}
