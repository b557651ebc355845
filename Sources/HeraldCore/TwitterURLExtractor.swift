/// Finds URLs in text exactly where twitter-text's extractor finds them, by scanning instead of by regex.
///
/// twitter-text matches one large regular expression from left to right (preceding character, optional protocol,
/// host, port, path, query) and then discards some matches; scanning resumes after a discarded match, so a long
/// invalid URL is not searched again for a shorter valid one. This type reproduces those semantics with plain
/// loops and tables computed once per text:
/// - a host is labels joined by dots, ending in a listed TLD; like the regex, it prefers the most labels
///   (`www.example.com.au`); labels may hold `-` inside, subdomains also `_`; after a protocol, X also accepts
///   one label in any script (`http://ああ.com`), see `TwitterURLSyntax`;
/// - a path runs as far as its characters allow and is then cut back to its last ending character, so trailing
///   punctuation stays text; balanced parentheses (`/wiki/Primer_(film)`) are part of a path;
/// - a URL without protocol must not follow `-`, `_`, `.` or `/` (`-example.com` is not a link).
///
/// Each text position is looked at a bounded number of times, so even a 64 KiB post scans in linear time, which a
/// backtracking regex does not guarantee on dotted text.
struct TwitterURLExtractor {
    /// The longest URL twitter-text accepts, protocol included, counting the host in its ASCII form.
    static let maxURLLength = 4096
    /// A t.co link with a longer slug is not a t.co link at all.
    static let maxTcoSlugLength = 40
    /// Assumed for a URL without protocol when checking `maxURLLength`.
    private static let defaultProtocolLength = "https://".count

    private let scalars: [Unicode.Scalar]
    private let syntax: TwitterURLSyntax
    /// For each offset, where the run of label characters (host label characters, `-`, `_`) starting there ends.
    private var runEnds: [Int] = []
    /// For each offset, the offset of the next `_` at or after it (or the text's end).
    private var nextUnderscores: [Int] = []
    /// Memo: the TLD end at an offset (-1 none, -2 not computed yet).
    private var tldEnds: [Int] = []
    /// Memo: the start of the label before the TLD for a host starting at an offset (-1 none, -2 not computed).
    private var nameLabels: [Int] = []
    /// Scratch space for `nameLabel(from:)`, kept to spare an allocation per call.
    private var chain: [Int] = []

    init(scalars: [Unicode.Scalar], syntax: TwitterURLSyntax) {
        self.scalars = scalars
        self.syntax = syntax
    }

    /// Where the URLs are, in order, in Unicode-scalar offsets; each counts as one link (23 characters on X).
    mutating func extract() -> [Range<Int>] {
        // A URL needs a dot (host) or, when a protocol is required, a colon.
        let required: Unicode.Scalar = syntax.extractsWithoutProtocol ? "." : ":"
        guard scalars.contains(required) else { return [] }
        prepareTables()
        var urls: [Range<Int>] = []
        var index = 0
        while index <= scalars.count {
            // The regex consumes the preceding character; at the very start it may also match with none.
            var candidate: TwitterURLCandidate?
            if index < scalars.count, TwitterURLSyntax.isValidPrecedingCharacter(scalars[index]) {
                candidate = match(at: index + 1, preceding: scalars[index])
            }
            if candidate == nil, index == 0 {
                candidate = match(at: 0, preceding: nil)
            }
            guard let candidate else {
                index += 1
                continue
            }
            index = candidate.range.upperBound
            if let url = accepted(candidate) { urls.append(url) }
        }
        return urls
    }

    // MARK: Checks after matching

    /// The URL twitter-text keeps from one match, if any.
    private func accepted(_ candidate: TwitterURLCandidate) -> Range<Int>? {
        let start = candidate.range.lowerBound
        var end = candidate.range.upperBound
        if candidate.hasProtocol {
            if let tcoEnd = tcoEnd(candidate) {
                guard let tcoEnd else { return nil }
                end = tcoEnd
            }
        } else {
            guard syntax.extractsWithoutProtocol else { return nil }
            if let preceding = candidate.preceding, "-_./".unicodeScalars.contains(preceding) { return nil }
        }
        guard let asciiHostLength = TwitterPunycode.asciiLength(of: scalars[candidate.host]) else { return nil }
        let length = utf16Count(start..<end) + asciiHostLength - utf16Count(candidate.host)
            + (candidate.hasProtocol ? 0 : Self.defaultProtocolLength)
        guard length <= Self.maxURLLength else { return nil }
        return start..<end
    }

    /// For `http(s)://t.co/SLUG…`: nil if this is no t.co link, `.some(nil)` if its slug is too long (the URL is
    /// dropped), otherwise where it ends: after the slug (and its query, on X), whatever path follows.
    private func tcoEnd(_ candidate: TwitterURLCandidate) -> Int?? {
        let start = candidate.range.lowerBound, end = candidate.range.upperBound
        guard let protocolLength = TwitterURLSyntax.twitter.protocolLength(in: scalars, at: start) else { return nil }
        let hostStart = start + protocolLength
        let host = Array("t.co/".unicodeScalars)
        guard hostStart + host.count < end,
              host.indices.allSatisfy({ TwitterURLSyntax.asciiLowercase(scalars[hostStart + $0]) == host[$0] })
        else { return nil }
        let slugStart = hostStart + host.count
        var slugEnd = slugStart
        while slugEnd < end, TwitterURLSyntax.isASCIILetterOrDigit(scalars[slugEnd]) { slugEnd += 1 }
        guard slugEnd > slugStart else { return nil }
        guard slugEnd - slugStart <= Self.maxTcoSlugLength else { return .some(nil) }
        if syntax.tcoKeepsQuery, slugEnd < end, scalars[slugEnd] == "?",
           let queryEnd = queryEnd(from: slugEnd + 1, limit: end) {
            return queryEnd
        }
        return slugEnd
    }

    // MARK: The pattern

    /// The URL starting at `start`, if the pattern matches there: protocol (tried first, as the regex does), host,
    /// `:port`, `/path`, `?query`.
    private mutating func match(at start: Int, preceding: Unicode.Scalar?) -> TwitterURLCandidate? {
        guard start < scalars.count else { return nil }
        let hostStart: Int
        let hostStop: Int
        var hasProtocol = false
        if let length = syntax.protocolLength(in: scalars, at: start), let end = hostEnd(from: start + length) {
            hostStart = start + length
            hostStop = end
            hasProtocol = true
        } else if let end = hostEnd(from: start) {
            hostStart = start
            hostStop = end
        } else {
            return nil
        }
        var end = hostStop
        if end + 1 < scalars.count, scalars[end] == ":", TwitterURLSyntax.isASCIIDigit(scalars[end + 1]) {
            end += 2
            while end < scalars.count, TwitterURLSyntax.isASCIIDigit(scalars[end]) { end += 1 }
        }
        if end < scalars.count, scalars[end] == "/" {
            end = pathEnd(from: end + 1)
        }
        if end < scalars.count, scalars[end] == "?", let queryEnd = queryEnd(from: end + 1, limit: scalars.count) {
            end = queryEnd
        }
        return TwitterURLCandidate(
            range: start..<end, host: hostStart..<hostStop, hasProtocol: hasProtocol,
            preceding: preceding
        )
    }

    /// The end of a path starting at `start` (after its `/`): the last ending character, or a balanced
    /// parenthesis group, before the first character a path may not contain.
    private func pathEnd(from start: Int) -> Int {
        var index = start
        var end = start
        while index < scalars.count {
            let scalar = scalars[index]
            if syntax.isPathCharacter(scalar) {
                index += 1
                if syntax.isPathEndingCharacter(scalar) { end = index }
            } else if scalar == "(", let close = balancedParenthesesEnd(at: index) {
                index = close
                end = index
            } else {
                break
            }
        }
        return end
    }

    /// `(chars)` or `(chars(chars)chars)` at `open`: one nested level, as in `/track/We_Up_(Album_(Edited))`.
    private func balancedParenthesesEnd(at open: Int) -> Int? {
        let firstRunEnd = pathRunEnd(from: open + 1)
        guard firstRunEnd < scalars.count else { return nil }
        if scalars[firstRunEnd] == ")" {
            return firstRunEnd > open + 1 ? firstRunEnd + 1 : nil
        }
        guard scalars[firstRunEnd] == "(" else { return nil }
        let innerEnd = pathRunEnd(from: firstRunEnd + 1)
        guard innerEnd > firstRunEnd + 1, innerEnd < scalars.count, scalars[innerEnd] == ")" else { return nil }
        let lastRunEnd = pathRunEnd(from: innerEnd + 1)
        guard lastRunEnd < scalars.count, scalars[lastRunEnd] == ")" else { return nil }
        return lastRunEnd + 1
    }

    private func pathRunEnd(from start: Int) -> Int {
        var index = start
        while index < scalars.count, syntax.isPathCharacter(scalars[index]) { index += 1 }
        return index
    }

    /// The end of a query starting at `start` (after its `?`): its last ending character, or nil if it has none
    /// (then the `?` is not part of the URL).
    private func queryEnd(from start: Int, limit: Int) -> Int? {
        var index = start
        var end: Int?
        while index < limit, syntax.isQueryCharacter(scalars[index]) {
            index += 1
            if syntax.isQueryEndingCharacter(scalars[index - 1]) { end = index }
        }
        return end
    }

    // MARK: Hosts

    private mutating func prepareTables() {
        let count = scalars.count
        runEnds = Array(repeating: count, count: count + 1)
        nextUnderscores = Array(repeating: count, count: count + 1)
        for index in stride(from: count - 1, through: 0, by: -1) {
            let scalar = scalars[index]
            let inLabel = scalar == "-" || scalar == "_" || syntax.isHostLabelCharacter(scalar)
            runEnds[index] = inLabel ? runEnds[index + 1] : index
            nextUnderscores[index] = scalar == "_" ? index : nextUnderscores[index + 1]
        }
        tldEnds = Array(repeating: -2, count: count + 1)
        nameLabels = Array(repeating: -2, count: count + 1)
    }

    /// Where a host starting at `start` ends (after its TLD), if one starts there.
    private mutating func hostEnd(from start: Int) -> Int? {
        if let name = nameLabel(from: start) { return tldEnd(at: runEnds[name] + 1) }
        guard syntax.allowsUnicodeHostAfterProtocol, followsProtocol(start) else { return nil }
        // Right after a protocol: one ASCII label and a country TLD, or one label in any script and any TLD.
        if isLabel(at: start), isSubdomainLabel(at: start), nextUnderscores[start] >= runEnds[start],
           let end = TwitterTLDs.match(
               in: scalars, at: runEnds[start] + 1, end: scalars.count, syntax: syntax, countryOnly: true
           ) {
            return end
        }
        var labelEnd = start
        while labelEnd < scalars.count,
              TwitterURLSyntax.isUnicodeHostCharacter(scalars[labelEnd]) || scalars[labelEnd] == "-" {
            labelEnd += 1
        }
        guard labelEnd > start, labelEnd < scalars.count, scalars[labelEnd] == ".",
              scalars[start] != "-", scalars[labelEnd - 1] != "-"
        else { return nil }
        return TwitterTLDs.match(in: scalars, at: labelEnd + 1, end: scalars.count, syntax: syntax)
    }

    /// Whether `http://` or `https://` (any case) ends right before `index`, whether or not the match took it
    /// as its protocol (the Java regex looks behind).
    private func followsProtocol(_ index: Int) -> Bool {
        for length in [7, 8] where index >= length {
            if TwitterURLSyntax.twitter.protocolLength(in: scalars, at: index - length) == length { return true }
        }
        return false
    }

    /// A label: a non-empty run of label characters followed by a dot.
    private func isLabel(at start: Int) -> Bool {
        let end = runEnds[start]
        return end > start && end < scalars.count && scalars[end] == "."
    }

    /// A subdomain label starts and ends with a label character (`-` and `_` only inside).
    private func isSubdomainLabel(at start: Int) -> Bool {
        syntax.isHostLabelCharacter(scalars[start]) && syntax.isHostLabelCharacter(scalars[runEnds[start] - 1])
    }

    /// The label before the TLD may not contain `_` (`twitter_underscore.com` is no host, `sub_domain.x.com` is).
    private mutating func isNameLabelBeforeTLD(at start: Int) -> Bool {
        isSubdomainLabel(at: start) && nextUnderscores[start] >= runEnds[start]
            && tldEnd(at: runEnds[start] + 1) != nil
    }

    /// For a host starting at `start`, where its last label before the TLD starts: the one furthest right that
    /// can be reached through valid subdomain labels, as the regex's greedy `subdomain* name tld` finds it.
    ///
    /// For a label L the answer is the answer for the label after it if L is a valid subdomain and that answer
    /// exists, otherwise L itself if the TLD can follow it. The chain of labels is walked once forward and the
    /// answers are filled in backwards and remembered, so every label is resolved once per text.
    private mutating func nameLabel(from start: Int) -> Int? {
        if nameLabels[start] != -2 { return nameLabels[start] >= 0 ? nameLabels[start] : nil }
        guard isLabel(at: start) else {
            nameLabels[start] = -1
            return nil
        }
        chain.removeAll(keepingCapacity: true)
        var next = start
        var rest: Int?
        while true {
            if next != start, nameLabels[next] != -2 {
                rest = nameLabels[next] >= 0 ? nameLabels[next] : nil
                break
            }
            guard isLabel(at: next) else { break }
            chain.append(next)
            guard isSubdomainLabel(at: next) else { break }
            next = runEnds[next] + 1
        }
        for label in chain.reversed() {
            let answer = (isSubdomainLabel(at: label) ? rest : nil)
                ?? (isNameLabelBeforeTLD(at: label) ? label : nil)
            nameLabels[label] = answer ?? -1
            rest = answer
        }
        return nameLabels[start] >= 0 ? nameLabels[start] : nil
    }

    private mutating func tldEnd(at start: Int) -> Int? {
        if tldEnds[start] == -2 {
            tldEnds[start] = TwitterTLDs.match(in: scalars, at: start, end: scalars.count, syntax: syntax) ?? -1
        }
        return tldEnds[start] >= 0 ? tldEnds[start] : nil
    }

    // MARK: Helpers

    /// A string of the given scalars, each passed through `transform`. (Appending an array slice to a
    /// `String.UnicodeScalarView` goes through a generic path many times slower than encoding the UTF-8 here.)
    static func string(
        _ scalars: ArraySlice<Unicode.Scalar>, transform: (Unicode.Scalar) -> Unicode.Scalar = { $0 }
    ) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for scalar in scalars { UTF8.encode(transform(scalar)) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func utf16Count(_ range: Range<Int>) -> Int {
        scalars[range].reduce(0) { $0 + $1.utf16.count }
    }
}
