/// Maps Character offsets in a part's text to 1-based line and column in the post file, for policy hits.
public struct TextLocator: Sendable {
    public let characters: [Character]
    private let lines: [Int]
    private let columns: [Int]

    /// `firstLine` is the file line of the text's first character (a part's `line`).
    public init(_ text: String, firstLine: Int) {
        characters = Array(text)
        var lines: [Int] = []
        var columns: [Int] = []
        lines.reserveCapacity(characters.count + 1)
        columns.reserveCapacity(characters.count + 1)
        var line = firstLine
        var column = 1
        for character in characters {
            lines.append(line)
            columns.append(column)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        lines.append(line)
        columns.append(column)
        self.lines = lines
        self.columns = columns
    }

    /// The line and column of the character at `offset` (the end of the text is allowed).
    public func position(of offset: Int) -> (line: Int, column: Int) { (lines[offset], columns[offset]) }

    /// The text of `characters[range]`.
    public func text(_ range: Range<Int>) -> String { String(characters[range]) }
}
