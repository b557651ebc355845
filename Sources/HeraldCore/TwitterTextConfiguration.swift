/// twitter-text's counting configuration: the limit, the character weights, the URL length and whether emoji
/// sequences count as one.
///
/// X uses `v3` (the default everywhere in Herald); `v2` is the 2017 configuration without emoji parsing, kept for
/// the upstream conformance cases. The JSON form of both is upstream's (`config/v3.json`), so a configuration file
/// decodes into this type.
public struct TwitterTextConfiguration: Sendable, Hashable, Codable {
    public var version: Int
    /// The most weighted characters a post may have (280).
    public var maxWeightedTweetLength: Int
    /// The unit of the weights: a weight of `scale` counts as one character.
    public var scale: Int
    /// The weight of a code point outside every range, and of one emoji sequence.
    public var defaultWeight: Int
    /// Whether an emoji sequence (ZWJ family, flag, keycap, skin tone) counts as one default-weight character
    /// instead of the sum of its code points.
    public var emojiParsingEnabled: Bool
    /// What every URL counts as, whatever its length: X wraps all links in t.co links of this length.
    public var transformedURLLength: Int
    public var ranges: [TwitterTextWeightedRange]

    public init(
        version: Int, maxWeightedTweetLength: Int = 280, scale: Int = 100, defaultWeight: Int = 200,
        emojiParsingEnabled: Bool, transformedURLLength: Int = 23, ranges: [TwitterTextWeightedRange]
    ) {
        self.version = version
        self.maxWeightedTweetLength = maxWeightedTweetLength
        self.scale = scale
        self.defaultWeight = defaultWeight
        self.emojiParsingEnabled = emojiParsingEnabled
        self.transformedURLLength = transformedURLLength
        self.ranges = ranges
    }

    /// Upstream's v2 files leave out `emojiParsingEnabled`, meaning false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            version: try container.decode(Int.self, forKey: .version),
            maxWeightedTweetLength: try container.decode(Int.self, forKey: .maxWeightedTweetLength),
            scale: try container.decode(Int.self, forKey: .scale),
            defaultWeight: try container.decode(Int.self, forKey: .defaultWeight),
            emojiParsingEnabled: try container.decodeIfPresent(Bool.self, forKey: .emojiParsingEnabled) ?? false,
            transformedURLLength: try container.decode(Int.self, forKey: .transformedURLLength),
            ranges: try container.decode([TwitterTextWeightedRange].self, forKey: .ranges)
        )
    }

    /// The ranges that weigh one character in both versions.
    private static let standardRanges = [
        TwitterTextWeightedRange(start: 0x0000, end: 0x10FF, weight: 100),
        TwitterTextWeightedRange(start: 0x2000, end: 0x200D, weight: 100),
        TwitterTextWeightedRange(start: 0x2010, end: 0x201F, weight: 100),
        TwitterTextWeightedRange(start: 0x2032, end: 0x2037, weight: 100),
    ]

    /// The 2017 configuration: weighted ranges, no emoji parsing.
    public static let v2 = TwitterTextConfiguration(version: 2, emojiParsingEnabled: false, ranges: standardRanges)

    /// X's current configuration: as `v2`, plus emoji sequences counting as one.
    public static let v3 = TwitterTextConfiguration(version: 3, emojiParsingEnabled: true, ranges: standardRanges)

    /// The weight of one code point outside URLs and emoji sequences.
    func weight(of scalar: Unicode.Scalar) -> Int {
        for range in ranges where range.contains(scalar) { return range.weight }
        return defaultWeight
    }
}
