/// One position of a post word as the profanity matcher sees it: a letter, a digit or symbol standing for one of a
/// few letters (`1` → i or l), or a mask (`*`) standing for any letter.
public enum WordElement: Sendable, Equatable {
    case letter(Character)
    case oneOf(Set<Character>)
    case mask

    /// Whether this position can be the list word's letter `letter` (already folded).
    public func matches(_ letter: Character) -> Bool {
        switch self {
        case .letter(let own): own == letter
        case .oneOf(let set): set.contains(letter)
        case .mask: true
        }
    }

    public var isMask: Bool { self == .mask }
}
