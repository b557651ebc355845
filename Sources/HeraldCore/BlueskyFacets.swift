/// Finds the facets of a Bluesky post's text: links, mentions and hashtags, with UTF-8 byte offsets.
///
/// The rules follow what the Bluesky app detects, written here from its documented behaviour:
/// - **Links** are found by the project's twitter-text URL extractor (`TwitterURLExtractor`, X's syntax): links
///   with `http://`/`https://`, and bare domains with a listed TLD (`example.com/path`), which get `https://`
///   in the facet's URI. Trailing punctuation stays text; a link right after `@`, `#` or a letter is not one.
/// - **Mentions** are `@handle.domain` at the start of the text or after whitespace or `(`: a handle is two or more
///   dot-separated labels of ASCII letters, digits and inner hyphens, the last starting with a letter, 253
///   characters at most. A trailing `.` is sentence punctuation, not part of the handle.
/// - **Hashtags** are `#` (or the full-width `＃`) at the start or after whitespace, followed by anything up to the
///   next whitespace, less trailing punctuation; the tag needs a character other than digits and punctuation
///   (`#1` is not a tag), at most 64 characters, and `#️⃣` (a keycap emoji) is not one.
///
/// When spans overlap, the one that starts first wins (`@alice.example.com` is a mention, not a link).
public enum BlueskyFacets {
    /// The longest tag Bluesky accepts, in characters, without the `#`.
    public static let maxTagLength = 64
    /// The longest handle, in characters.
    public static let maxHandleLength = 253

    /// The facets of `text`, ordered by position, never overlapping.
    public static func detect(in text: String) -> [BlueskyFacet] {
        let scalars = Array(text.unicodeScalars)
        var spans: [(range: Range<Int>, feature: BlueskyFacet.Feature)] = []
        var extractor = TwitterURLExtractor(scalars: scalars, syntax: .twitter)
        for range in extractor.extract() {
            let typed = TwitterURLExtractor.string(scalars[range])
            let lowered = typed.lowercased()
            let uri = lowered.hasPrefix("http://") || lowered.hasPrefix("https://") ? typed : "https://" + typed
            spans.append((range, .link(uri: uri)))
        }
        spans += mentions(in: scalars)
        spans += tags(in: scalars)
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        let offsets = byteOffsets(of: scalars)
        var facets: [BlueskyFacet] = []
        var end = 0
        for span in spans where span.range.lowerBound >= end {
            facets.append(BlueskyFacet(
                byteStart: offsets[span.range.lowerBound], byteEnd: offsets[span.range.upperBound],
                feature: span.feature))
            end = span.range.upperBound
        }
        return facets
    }

    /// `offsets[i]` is the UTF-8 offset of scalar `i`; `offsets[count]` is the text's byte length.
    static func byteOffsets(of scalars: [Unicode.Scalar]) -> [Int] {
        var offsets = [0]
        offsets.reserveCapacity(scalars.count + 1)
        var total = 0
        for scalar in scalars {
            total += UTF8.width(scalar)
            offsets.append(total)
        }
        return offsets
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func mentions(in scalars: [Unicode.Scalar]) -> [(Range<Int>, BlueskyFacet.Feature)] {
        var found: [(Range<Int>, BlueskyFacet.Feature)] = []
        for index in scalars.indices where scalars[index] == "@" {
            if index > 0 {
                let before = scalars[index - 1]
                guard before.properties.isWhitespace || before == "(" else { continue }
            }
            var end = index + 1
            while end < scalars.count, isASCIIAlphanumeric(scalars[end]) || scalars[end] == "." || scalars[end] == "-" {
                end += 1
            }
            // A word character right after the run means the text goes on: not a handle boundary.
            if end < scalars.count, scalars[end] == "_" || scalars[end].properties.isAlphabetic { continue }
            while end > index + 1, scalars[end - 1] == "." { end -= 1 }
            let handle = TwitterURLExtractor.string(scalars[(index + 1)..<end])
            guard isValidHandle(handle) else { continue }
            found.append((index..<end, .mention(handle: handle)))
        }
        return found
    }

    /// Whether `handle` has the syntax of an AT Protocol handle (a domain name).
    public static func isValidHandle(_ handle: String) -> Bool {
        guard !handle.isEmpty, handle.utf8.count <= maxHandleLength else { return false }
        let labels = handle.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count), label.first != "-", label.last != "-",
                  label.unicodeScalars.allSatisfy({ isASCIIAlphanumeric($0) || $0 == "-" })
            else { return false }
        }
        guard let first = labels.last?.unicodeScalars.first else { return false }
        return ("a"..."z").contains(first) || ("A"..."Z").contains(first)
    }

    /// Characters that end a tag as whitespace does: soft hyphen, word joiner, zero-width and hair spaces, and the
    /// combining enclosing keycap.
    private static func endsTag(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return true }
        switch scalar.value {
        case 0x00AD, 0x2060, 0x200A, 0x200B, 0x200C, 0x200D, 0x20E2: return true
        default: return false
        }
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            true
        default:
            false
        }
    }

    private static func tags(in scalars: [Unicode.Scalar]) -> [(Range<Int>, BlueskyFacet.Feature)] {
        var found: [(Range<Int>, BlueskyFacet.Feature)] = []
        for index in scalars.indices where scalars[index] == "#" || scalars[index] == "＃" {
            if index > 0, !scalars[index - 1].properties.isWhitespace { continue }
            let start = index + 1
            guard start < scalars.count, scalars[start] != "\u{FE0F}" else { continue }
            var end = start
            while end < scalars.count, !endsTag(scalars[end]) { end += 1 }
            while end > start, isPunctuation(scalars[end - 1]) { end -= 1 }
            let body = scalars[start..<end]
            let meaningful = body.contains { scalar in
                !isPunctuation(scalar) && !scalar.properties.isWhitespace && scalar.properties.numericType == nil
            }
            guard meaningful else { continue }
            let tag = TwitterURLExtractor.string(body)
            guard tag.count <= maxTagLength else { continue }
            found.append((index..<end, .tag(tag)))
        }
        return found
    }
}
