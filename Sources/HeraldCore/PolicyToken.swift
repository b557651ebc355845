/// A run of characters found in a part's text by one of the policy matchers, as Character offsets.
public struct PolicyToken: Sendable, Equatable {
    public var range: Range<Int>
    public var text: String

    public init(range: Range<Int>, text: String) {
        self.range = range
        self.text = text
    }

    /// The maximal runs of characters satisfying `isPart`, in order.
    public static func runs(in characters: [Character], where isPart: (Character) -> Bool) -> [PolicyToken] {
        var tokens: [PolicyToken] = []
        var start: Int?
        for index in 0...characters.count {
            let inside = index < characters.count && isPart(characters[index])
            if inside, start == nil { start = index }
            if !inside, let first = start {
                tokens.append(PolicyToken(range: first..<index, text: String(characters[first..<index])))
                start = nil
            }
        }
        return tokens
    }
}
