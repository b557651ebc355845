import Foundation
import HeraldCore

/// One occurrence of a repeating post as `herald queue` and `herald history` show it: `repeats every 14d, 3 of 5`.
public struct SeriesInfo: Sendable, Equatable {
    public var every: RepeatInterval
    /// The 1-based number of this occurrence (publications, the first included).
    public var occurrence: Int
    /// `Repeat-Count:`, if given.
    public var count: Int?
    /// `Repeat-Until:` as written, if given.
    public var until: String?

    public init(every: RepeatInterval, occurrence: Int, count: Int?, until: String?) {
        self.every = every
        self.occurrence = occurrence
        self.count = count
        self.until = until
    }

    /// `repeats every 14d, 3 of 5`, `repeats every 1w, 2, until 2027-01-01 09:00:00`.
    public var summary: String {
        "repeats every \(every), " + (count.map { "\(occurrence) of \($0)" } ?? "\(occurrence)")
            + (until.map { ", until \($0)" } ?? "")
    }

    /// From a row with `repeat_every`, `occurrence`, `repeat_count` and `repeat_until`; nil when the post does not
    /// repeat (or its stored interval does not read, which `accept` never writes).
    static func from(every: String?, occurrence: Int?, count: Int?, until: String?) -> SeriesInfo? {
        guard let every, let interval = RepeatInterval(stored: every) else { return nil }
        return SeriesInfo(every: interval, occurrence: occurrence ?? 1, count: count, until: until)
    }
}
