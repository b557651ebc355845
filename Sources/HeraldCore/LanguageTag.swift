/// BCP 47 (RFC 5646) language tags, as `Language:` takes them: `en`, `fr`, `nb`, `en-US`, `zh-Hant-TW`.
///
/// Only the syntax is checked ("well-formed" in RFC 5646 terms), not whether each subtag is registered: the
/// registry changes, and a network that does not know a tag ignores it, while a typo such as `en_US` is caught.
/// One deliberate strictness: the primary language subtag must have 2 or 3 letters. The grammar also allows 4 to
/// 8, reserved for future registration and never used, and refusing them catches `english` or `norsk`.
public enum LanguageTag {
    /// Whether `tag` is a well-formed BCP 47 tag (letter case is not significant).
    public static func isWellFormed(_ tag: String) -> Bool {
        let lowered = tag.lowercased()
        if irregular.contains(lowered) { return true }
        let subtags = lowered.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard subtags.allSatisfy({ (1...8).contains($0.count) && $0.unicodeScalars.allSatisfy(isAlphanumeric) })
        else { return false }
        if subtags[0] == "x" { return isPrivateUse(subtags[...]) }
        return isLangtag(subtags[...])
    }

    /// `language ["-" script] ["-" region] *("-" variant) *("-" extension) ["-" privateuse]`.
    private static func isLangtag(_ tags: ArraySlice<String>) -> Bool {
        var rest = tags
        // language = 2*3ALPHA ["-" extlang] (4*8ALPHA refused, see above); extlang = 3ALPHA *2("-" 3ALPHA)
        guard let language = rest.popFirst(), (2...3).contains(language.count), isAlpha(language) else {
            return false
        }
        var extlangs = 0
        while extlangs < 3, let next = rest.first, next.count == 3, isAlpha(next) {
            rest.removeFirst()
            extlangs += 1
        }
        if let script = rest.first, script.count == 4, isAlpha(script) { rest.removeFirst() }
        if let region = rest.first, (region.count == 2 && isAlpha(region)) || (region.count == 3 && isDigits(region)) {
            rest.removeFirst()
        }
        var variants: Set<String> = []
        while let variant = rest.first, isVariant(variant) {
            guard variants.insert(variant).inserted else { return false }
            rest.removeFirst()
        }
        var singletons: Set<String> = []
        while let singleton = rest.first, singleton.count == 1, singleton != "x" {
            guard singletons.insert(singleton).inserted else { return false }
            rest.removeFirst()
            var extensionSubtags = 0
            while let subtag = rest.first, subtag.count >= 2 {
                rest.removeFirst()
                extensionSubtags += 1
            }
            guard extensionSubtags > 0 else { return false }
        }
        if rest.first == "x" { return isPrivateUse(rest) }
        return rest.isEmpty
    }

    /// `"x" 1*("-" (1*8alphanum))`; the subtags' lengths were checked already.
    private static func isPrivateUse(_ tags: ArraySlice<String>) -> Bool {
        tags.first == "x" && tags.count >= 2
    }

    /// `5*8alphanum / (DIGIT 3alphanum)`.
    private static func isVariant(_ subtag: String) -> Bool {
        if subtag.count >= 5 { return true }
        guard subtag.count == 4, let first = subtag.unicodeScalars.first else { return false }
        return ("0"..."9").contains(first)
    }

    private static func isAlpha(_ subtag: String) -> Bool {
        subtag.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }

    private static func isDigits(_ subtag: String) -> Bool {
        subtag.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// RFC 5646's irregular grandfathered tags, which do not follow the grammar (the regular ones do).
    private static let irregular: Set<String> = [
        "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo",
        "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de",
    ]
}
