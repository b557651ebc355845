/// A range of code points and the weight each of them has in twitter-text's weighted length.
///
/// Weights are in units of `TwitterTextConfiguration.scale`: with a scale of 100, a weight of 100 counts as one
/// character and the default 200 as two. Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari and the like
/// (U+0000–U+10FF) and some punctuation weigh one; CJK, emoji and everything else weigh two.
public struct TwitterTextWeightedRange: Sendable, Hashable, Codable {
    /// The first code point of the range.
    public var start: UInt32
    /// The last code point of the range (inclusive).
    public var end: UInt32
    public var weight: Int

    public init(start: UInt32, end: UInt32, weight: Int) {
        self.start = start
        self.end = end
        self.weight = weight
    }

    public func contains(_ scalar: Unicode.Scalar) -> Bool {
        start <= scalar.value && scalar.value <= end
    }
}
