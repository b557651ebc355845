/// What twitter-text's URL pattern matched at one place, before the checks that may still discard it (host length,
/// missing protocol after `-_./`, t.co slug length). Offsets are Unicode-scalar offsets of the scanned text.
struct TwitterURLCandidate: Sendable, Hashable {
    /// From the protocol (or the host when there is none) to the end of the path or query.
    var range: Range<Int>
    var host: Range<Int>
    var hasProtocol: Bool
    /// The character before the URL, if any.
    var preceding: Unicode.Scalar?
}
