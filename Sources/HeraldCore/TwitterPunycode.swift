import Foundation

/// How long a host is once converted to ASCII (IDNA 2003, as Java's `IDN.toASCII` and Ruby's libidn do it), which
/// decides whether twitter-text accepts it as a URL.
///
/// DNS allows at most 63 characters per label, counted in the ASCII form: `あいう….com` is a link on X only while
/// the punycode of its label (`xn--…`) fits in 63 characters, which is why 52 different hiragana in a host make a
/// link and 53 do not. A label is first prepared (nameprep, RFC 3491): characters such as U+200D and variation
/// selectors are dropped, case is folded, NFKC applied; then a label holding prohibited characters (tags,
/// controls, private use, directional marks), mixing right-to-left letters with left-to-right ones, or empty,
/// makes the host invalid. Only the length of the result matters, so the encoder counts output characters
/// instead of building them (RFC 3492, section 6.3).
enum TwitterPunycode {
    /// The most characters in one label of a host.
    static let maxLabelLength = 63

    /// The length of `host` in ASCII form, or nil if it is not a valid host: a label is empty, longer than 63
    /// characters in that form, fails nameprep, or is a non-ASCII label already starting with the ACE prefix.
    static func asciiLength(of host: ArraySlice<Unicode.Scalar>) -> Int? {
        var total = 0
        var labelStart = host.startIndex
        var index = host.startIndex
        while true {
            let atEnd = index == host.endIndex
            if atEnd || isLabelSeparator(host[index]) {
                guard let length = asciiLength(ofLabel: host[labelStart..<index]) else { return nil }
                total += length + (atEnd ? 0 : 1)
                if atEnd { return total }
                labelStart = index + 1
            }
            index += 1
        }
    }

    /// `.` and the full stops IDNA (RFC 3490, 3.1) also treats as label separators.
    private static func isLabelSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "\u{3002}" || scalar == "\u{FF0E}" || scalar == "\u{FF61}"
    }

    private static func asciiLength(ofLabel label: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !label.isEmpty else { return nil }
        guard !label.allSatisfy(\.isASCII) else { return label.count <= maxLabelLength ? label.count : nil }
        // Every input scalar yields at least one output character, so a much longer label cannot fit; checking
        // first also keeps nameprep and the quadratic encoder off huge labels.
        guard label.count <= 4 * maxLabelLength, let prepared = nameprep(label) else { return nil }
        if prepared.allSatisfy({ $0 < 0x80 }) {
            return (1...maxLabelLength).contains(prepared.count) ? prepared.count : nil
        }
        guard prepared.count <= maxLabelLength - 4 else { return nil }
        guard !prepared.starts(with: Array("xn--".unicodeScalars.map(\.value))) else { return nil }
        let length = 4 + encodedLength(prepared)
        return length <= maxLabelLength ? length : nil
    }

    /// RFC 3491's nameprep as far as it changes a label's length or validity: the code points of the prepared
    /// label, or nil if it is prohibited.
    private static func nameprep(_ label: ArraySlice<Unicode.Scalar>) -> [UInt32]? {
        var kept = String.UnicodeScalarView()
        for scalar in label where !isMappedToNothing(scalar) { kept.append(scalar) }
        let mapped = String(kept).lowercased().precomposedStringWithCompatibilityMapping.unicodeScalars
        guard !mapped.contains(where: isProhibited) else { return nil }
        // RFC 3454, section 6: a label with right-to-left letters has no left-to-right letters and starts and
        // ends with a right-to-left letter.
        if mapped.contains(where: isRightToLeftLetter) {
            guard !mapped.contains(where: isLeftToRightLetter), let first = mapped.first, let last = mapped.last,
                  isRightToLeftLetter(first), isRightToLeftLetter(last)
            else { return nil }
        }
        return mapped.map(\.value)
    }

    /// RFC 3454 table B.1: soft hyphen, joiners, variation selectors and the like vanish from a host.
    private static func isMappedToNothing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAD, 0x34F, 0x1806, 0x180B...0x180D, 0x200B...0x200D, 0x2060, 0xFE00...0xFE0F, 0xFEFF: true
        default: false
        }
    }

    /// RFC 3454 tables C.1.2 to C.9: spaces, controls, private use, non-characters, directional and tag
    /// characters.
    private static func isProhibited(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0...0x20, 0x7F...0x9F: // spaces and controls
            return true
        case 0xA0, 0x340, 0x341, 0x6DD, 0x70F, 0x1680, 0x180E, 0x2000...0x200F, 0x2028...0x202F, 0x205F...0x2063,
             0x206A...0x206F, 0x2FF0...0x2FFB, 0x3000, 0xE000...0xF8FF, 0xFDD0...0xFDEF, 0xFEFF, 0xFFF9...0xFFFD,
             0x1D173...0x1D17A, 0xE0001, 0xE0020...0xE007F, 0xF0000...0x10FFFF:
            return true
        default:
            return value & 0xFFFE == 0xFFFE
        }
    }

    /// Letters of the right-to-left scripts (bidirectional classes R and AL): Hebrew, Arabic, Syriac, Thaana,
    /// N'Ko and their presentation forms.
    private static func isRightToLeftLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x5BE, 0x5C0, 0x5C3, 0x5C6, 0x608, 0x60B, 0x60D, 0x61B...0x64A, 0x66D...0x66F, 0x671...0x6D5,
             0x6E5, 0x6E6, 0x6EE, 0x6EF, 0x6FA...0x70D, 0x710, 0x712...0x72F, 0x74D...0x7A5, 0x7B1, 0x7C0...0x7EA,
             0x7F4, 0x7F5, 0x7FA, 0x800...0x815, 0x840...0x858, 0x860...0x88F, 0x8A0...0x8C9:
            return true
        case 0x5D0...0x5F4, 0xFB1D, 0xFB1F...0xFB28, 0xFB2A...0xFD3D, 0xFD50...0xFDFC, 0xFE70...0xFEFC,
             0x10800...0x10FFF, 0x1E800...0x1EFFF:
            return scalar.properties.generalCategory != .nonspacingMark
        default:
            return false
        }
    }

    /// Letters of the left-to-right scripts (bidirectional class L, approximately: any other letter).
    private static func isLeftToRightLetter(_ scalar: Unicode.Scalar) -> Bool {
        if isRightToLeftLetter(scalar) { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    // RFC 3492 parameters.
    private static let base: UInt32 = 36
    private static let tMin: UInt32 = 1
    private static let tMax: UInt32 = 26
    private static let skew: UInt32 = 38
    private static let damp: UInt32 = 700
    private static let initialBias: UInt32 = 72
    private static let initialN: UInt32 = 0x80

    /// The number of characters RFC 3492's encoder writes for `input` (without the `xn--` prefix).
    static func encodedLength(_ input: [UInt32]) -> Int {
        let basicCount = input.count { $0 < 0x80 }
        var output = basicCount + (basicCount > 0 ? 1 : 0)
        var n = initialN
        var delta: UInt64 = 0
        var bias = initialBias
        var handled = basicCount
        while handled < input.count {
            // Non-basic code points exist, so the minimum is defined.
            let m = input.filter { $0 >= n }.min()!
            delta += UInt64(m - n) * UInt64(handled + 1)
            n = m
            for code in input {
                if code < n { delta += 1 }
                guard code == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < UInt64(t) { break }
                    output += 1
                    q = (q - UInt64(t)) / UInt64(base - t)
                    k += base
                }
                output += 1
                bias = adapt(delta: delta, points: UInt64(handled + 1), first: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return output
    }

    private static func adapt(delta: UInt64, points: UInt64, first: Bool) -> UInt32 {
        var delta = first ? delta / UInt64(damp) : delta / 2
        delta += delta / points
        var k: UInt64 = 0
        while delta > UInt64((base - tMin) * tMax) / 2 {
            delta /= UInt64(base - tMin)
            k += UInt64(base)
        }
        return UInt32(k + UInt64(base - tMin + 1) * delta / (delta + UInt64(skew)))
    }
}
