extension TwitterTLDs {
    /// Every listed TLD.
    static let all = generic.union(country)

    /// Where the listed TLD starting at `start` ends, or nil: the longest listed name (of `country` only, if
    /// `countryOnly`) that is followed by `end` or by a character other than an ASCII letter, digit, `@`, `+` or
    /// `-`. Failing that (and unless `countryOnly`), a punycode TLD (`xn--` and letters, digits) as far as it runs.
    ///
    /// The boundary is twitter-text's look-ahead: `example.comtest` has no TLD (`com` runs on), while
    /// `example.comだよね` and `twitter.みんなです` do, because text in another script may follow a host directly.
    /// Case is ignored for ASCII letters only on X, as in twitter-text's Java regex; Mastodon's Ruby regex ignores
    /// it for every script.
    static func match(
        in scalars: [Unicode.Scalar], at start: Int, end: Int, syntax: TwitterURLSyntax, countryOnly: Bool = false
    ) -> Int? {
        guard start < end else { return nil }
        // Every listed TLD is made of domain characters and starts with one of few letters: look no further.
        var runEnd = start
        let longest = min(end, start + maxScalarCount)
        while runEnd < longest, syntax.isDomainCharacter(scalars[runEnd]) { runEnd += 1 }
        if runEnd > start, firstScalars.contains(TwitterURLSyntax.asciiLowercase(scalars[start])) {
            let names = countryOnly ? country : all
            for stop in stride(from: runEnd, to: start, by: -1) where isBoundary(in: scalars, at: stop, end: end) {
                if names.contains(lowercased(scalars[start..<stop], syntax: syntax)) { return stop }
            }
        }
        return countryOnly ? nil : punycodeMatch(in: scalars, at: start, end: end, syntax: syntax)
    }

    /// The first scalars of the listed TLDs, lowercase and uppercase.
    private static let firstScalars: Set<Unicode.Scalar> = Set(all.flatMap { tld in
        tld.prefix(1).uppercased().unicodeScalars.prefix(1) + tld.unicodeScalars.prefix(1)
    })

    private static func isBoundary(in scalars: [Unicode.Scalar], at index: Int, end: Int) -> Bool {
        guard index < end else { return true }
        let scalar = scalars[index]
        return !TwitterURLSyntax.isASCIILetterOrDigit(scalar) && scalar != "@" && scalar != "+" && scalar != "-"
    }

    private static func lowercased(_ scalars: ArraySlice<Unicode.Scalar>, syntax: TwitterURLSyntax) -> String {
        var string = TwitterURLExtractor.string(scalars, transform: TwitterURLSyntax.asciiLowercase)
        if syntax == .mastodon, scalars.contains(where: { !$0.isASCII && $0.properties.changesWhenLowercased }) {
            string = string.lowercased()
        }
        return string
    }

    private static func punycodeMatch(
        in scalars: [Unicode.Scalar], at start: Int, end: Int, syntax: TwitterURLSyntax
    ) -> Int? {
        let prefix = Array("xn--".unicodeScalars)
        guard end - start > prefix.count,
              prefix.indices.allSatisfy({ TwitterURLSyntax.asciiLowercase(scalars[start + $0]) == prefix[$0] })
        else { return nil }
        var index = start + prefix.count
        while index < end, TwitterURLSyntax.isASCIILetterOrDigit(scalars[index])
                || (syntax.punycodeAllowsHyphen && scalars[index] == "-") {
            index += 1
        }
        return index > start + prefix.count ? index : nil
    }
}
