/// What twitter-text's `parseTweet` reports about a text: its weighted length and whether X accepts it.
///
/// Offsets are in UTF-16 code units of the text as given (before normalization), inclusive, as upstream reports
/// them, so they can be compared with twitter-text's own results and conformance data.
public struct TwitterTextParseResult: Sendable, Hashable {
    /// The length X counts against its limit: code points by weight, each URL as 23, each emoji sequence as 2.
    public var weightedLength: Int
    /// `weightedLength` in thousandths of the limit (1000 is exactly full).
    public var permillage: Int
    /// Whether X accepts the text: not blank, within the limit and free of invalid characters.
    public var isValid: Bool
    /// Whether the text contains U+FFFE, U+FEFF or U+FFFF, which X refuses however short the text is.
    public var hasInvalidCharacters: Bool
    /// The whole text (0 to its last UTF-16 offset).
    public var displayRange: ClosedRange<Int>
    /// The part of the text that fits: up to the last character within the limit and before any invalid one.
    public var validRange: ClosedRange<Int>

    public init(
        weightedLength: Int, permillage: Int, isValid: Bool, hasInvalidCharacters: Bool,
        displayRange: ClosedRange<Int>, validRange: ClosedRange<Int>
    ) {
        self.weightedLength = weightedLength
        self.permillage = permillage
        self.isValid = isValid
        self.hasInvalidCharacters = hasInvalidCharacters
        self.displayRange = displayRange
        self.validRange = validRange
    }
}
