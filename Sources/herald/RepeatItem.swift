import HeraldStore

/// The `"repeat"` object of `herald queue --json` and `herald history --json` for an occurrence of a repeating
/// post: `{"every": "14d", "occurrence": 3, "count": 5, "until": null}` (`count` and `until` null when the post
/// gave no `Repeat-Count:` or `Repeat-Until:`).
struct RepeatItem: Encodable {
    var every: String
    var occurrence: Int
    var count: Int?
    var until: String?
    /// `repeats every 14d, 3 of 5`, for the text output.
    var summary: String

    init(_ series: SeriesInfo) {
        every = series.every.description
        occurrence = series.occurrence
        count = series.count
        until = series.until
        summary = series.summary
    }

    enum CodingKeys: String, CodingKey {
        case every, occurrence, count, until
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(every, forKey: .every)
        try container.encode(occurrence, forKey: .occurrence)
        try container.encode(count, forKey: .count)  // null when absent, not omitted
        try container.encode(until, forKey: .until)
    }
}
