/// The two dialects of twitter-text's URL grammar that Herald needs, as character classes.
///
/// X counts what twitter-text's Java implementation extracts (X's own servers use it to validate posts; its web
/// composer runs the JavaScript one, which differs in rare cases): hosts of ASCII letters, digits and Latin
/// accents, and after `http://` or `https://` also a single label in any script (`http://ああ.com`). Mastodon runs
/// the Ruby twitter-text gem with its own overrides (`config/initializers/twitter_regex.rb`): hosts of anything
/// but punctuation and spaces, more protocols (`gemini://`, `ipfs://`, …), paths and queries in any script, and
/// only URLs with a protocol count as `characters_reserved_per_url`. The TLD list, the labels' `-` and `_` rules
/// and the preceding-character rule are shared.
///
/// Every class here mirrors one regex class of the upstream grammar, so a difference from twitter-text shows up
/// as a difference in one small function.
enum TwitterURLSyntax: Sendable {
    case twitter
    case mastodon

    /// Whether a URL may omit its protocol (`example.com/path`): X counts those, Mastodon does not.
    var extractsWithoutProtocol: Bool { self == .twitter }

    /// Whether a t.co link keeps a query string (`https://t.co/abc?amp=1`); the Ruby gem's t.co rule stops at the
    /// slug.
    var tcoKeepsQuery: Bool { self == .twitter }

    /// The length of the protocol (`https://`, case-insensitive) starting at `index`, if there is one.
    func protocolLength(in scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard index < scalars.count else { return nil }
        let first = Self.asciiLowercase(scalars[index])
        for name in self == .twitter ? Self.twitterProtocols : Self.mastodonProtocols where name[0] == first {
            guard index + name.count <= scalars.count else { continue }
            if name.indices.allSatisfy({ Self.asciiLowercase(scalars[index + $0]) == name[$0] }) {
                return name.count
            }
        }
        return nil
    }

    private static let twitterProtocols = ["https://", "http://"].map { Array($0.unicodeScalars) }
    private static let mastodonProtocols = ["https", "http", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "gemini"]
        .map { Array(($0 + "://").unicodeScalars) }

    // MARK: Domains

    /// A character of a host label (other than its inner `-` and `_`). On X: ASCII letters, digits and Latin
    /// letters with accents (`ELPAÍS.com`); on Mastodon: any domain character.
    func isHostLabelCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .twitter: Self.isASCIILetterOrDigit(scalar) || Self.isLatinAccent(scalar)
        case .mastodon: isDomainCharacter(scalar)
        }
    }

    /// Whether a host right after `http://` or `https://` may also be one label in any script before its TLD
    /// (`http://ああ.com`, `http://foobar.پاکستان`): X's second host rule.
    var allowsUnicodeHostAfterProtocol: Bool { self == .twitter }

    /// A character of such a label: not ASCII punctuation, not whitespace or another separator, nothing from the
    /// General Punctuation block (which holds the directional marks and zero-width characters).
    static func isUnicodeHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return isASCIILetterOrDigit(scalar) || !(scalar == " " || (0x09...0x0D).contains(scalar.value)
                || (0x21...0x2F).contains(scalar.value) || (0x3A...0x40).contains(scalar.value)
                || (0x5B...0x60).contains(scalar.value) && scalar != "\\" || (0x7B...0x7E).contains(scalar.value))
        }
        if (0x2000...0x206F).contains(scalar.value) { return false }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return false
        default: return true
        }
    }

    /// A character of the Ruby gem's domain class: anything but ASCII punctuation, spaces, control characters,
    /// directional marks and the invalid characters. Every listed TLD is made of these.
    func isDomainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return Self.isASCIILetterOrDigit(scalar) }
        return !Self.isSpace(scalar) && !Self.isDirectionalMark(scalar) && !Self.isInvalid(scalar)
    }

    /// The punycode TLD form: twitter-text's Java allows `-` after `xn--`, the Ruby gem does not.
    var punycodeAllowsHyphen: Bool { self == .twitter }

    // MARK: Paths and queries

    /// A character a path may contain.
    func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .twitter:
            if Self.isASCIILetterOrDigit(scalar) || Self.isCyrillic(scalar) || Self.isLatinAccent(scalar) {
                return true
            }
            switch scalar {
            case "!", "*", "'", ";", ":", "=", "+", ",", ".", "$", "/", "%", "#", "[", "]", "-", "_", "~", "@", "|",
                 "&", "\u{2013}":
                return true
            default:
                return false
            }
        case .mastodon:
            switch scalar {
            case "<", ">", "(", ")", "?": return false
            default: return !Self.isWhitespace(scalar)
            }
        }
    }

    /// A character a path may end with (besides a balanced parenthesis group): no trailing `.`, `,`, `!` and the
    /// like, so the full stop after "see http://example.com/a." stays text.
    func isPathEndingCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .twitter:
            if Self.isASCIILetterOrDigit(scalar) || Self.isCyrillic(scalar) || Self.isLatinAccent(scalar) {
                return true
            }
            switch scalar {
            case "+", "-", "=", "_", "#", "/": return true
            default: return false
            }
        case .mastodon:
            switch scalar {
            case "(", ")", "?", "!", "*", "\"", "'", "「", "」", "<", ">", ";", ":", "=", ",", ".", "$", "%", "[", "]",
                 "~", "&", "|", "@":
                return false
            default:
                return !Self.isWhitespace(scalar)
            }
        }
    }

    /// A character a query string may contain.
    func isQueryCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if Self.isASCIILetterOrDigit(scalar) { return true }
        switch scalar {
        case "!", "?", "*", "'", "@", "(", ")", ";", ":", "&", "=", "+", "$", "/", "%", "#", "[", "]", "-", "_", ".",
             ",", "~", "|":
            return true
        case "^":
            return self == .mastodon
        default:
            return self == .mastodon && Self.isMastodonUnicodeQueryCharacter(scalar)
        }
    }

    /// A character a query string may end with.
    func isQueryEndingCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if Self.isASCIILetterOrDigit(scalar) { return true }
        switch scalar {
        case "-", "_", "&", "=", "#", "/": return true
        default: return self == .mastodon && Self.isMastodonUnicodeQueryCharacter(scalar)
        }
    }

    // MARK: Shared classes

    /// What may come right before a URL: not a letter or digit (so `foo.com` inside `xfoo.com` is not a URL), nor
    /// `@`, `$` or `#` (mentions, cashtags and hashtags are not links), nor an invalid character.
    static func isValidPrecedingCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "@", "＠", "$", "#", "＃", "\u{FFFE}", "\u{FEFF}", "\u{FFFF}": false
        default: !isASCIILetterOrDigit(scalar)
        }
    }

    /// U+FFFE, U+FEFF and U+FFFF, which make a post invalid on X.
    static func isInvalid(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xFFFE || scalar.value == 0xFEFF || scalar.value == 0xFFFF
    }

    /// twitter-text's space class (White_Space less a few, plus U+180E).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }

    /// Bidirectional marks and embeddings: they may surround a URL in right-to-left text but are never part of it.
    static func isDirectionalMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Latin letters with accents (and combining accents), which twitter-text accepts in paths and ASCII hosts.
    static func isLatinAccent(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0xFF, 0x100...0x24F, 0x253, 0x254, 0x256, 0x257, 0x259, 0x25B, 0x263,
             0x268, 0x26F, 0x272, 0x289, 0x28B, 0x2BB, 0x300...0x36F, 0x1E00...0x1EFF:
            true
        default:
            false
        }
    }

    /// Unicode's White_Space, as Ruby's `\p{White_Space}`; ASCII answered without a property lookup.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (0x09...0x0D).contains(scalar.value) || scalar == " " : scalar.properties.isWhitespace
    }

    static func isCyrillic(_ scalar: Unicode.Scalar) -> Bool {
        (0x400...0x4FF).contains(scalar.value)
    }

    static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }

    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(scalar.value)
    }

    static func asciiLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
    }

    /// Mastodon's `UCHARS`: the non-ASCII characters RFC 3987 allows in an IRI query.
    private static func isMastodonUnicodeQueryCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xA0...0xD7FF, 0xE000...0xF8FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0x10000...0x10FFFD:
            // Every plane but 14 minus its last two code points; plane 14 only from U+E1000.
            return scalar.value & 0xFFFF <= 0xFFFD && !(0xE0000...0xE0FFF).contains(scalar.value)
        default: return false
        }
    }
}
