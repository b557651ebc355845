import Foundation

/// Herald's post ids: ten lowercase Crockford base32 characters (50 bits), short enough to type into
/// `herald cancel` and free of look-alike letters (no i, l, o, u).
///
/// The ids increase: the high 33 bits are the second the id was made (Unix time, good until the year 2242), the
/// low 17 a sequence that starts each new second at a random point of its lower half, and an id is always above the
/// one before even when the clock steps back. Random ids landed at random places in every index keyed by post (the
/// posts themselves, their parts, targets and events): with 100,000 posts queued, each accepted file dirtied pages
/// all over the database, and intake slowed as the queue grew. Increasing ids append at the end of each index.
/// The daemon starts after the highest id in its database (an id made before ids increased is just a number to
/// count on from), so a restart within a second, or after the clock stepped back, never meets an id it made.
public struct PostIDGenerator: Sendable {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
    private static let sequenceBits: UInt64 = 17
    private var last: UInt64 = 0

    /// A generator whose ids come after `lastID` (the database's highest; ignored unless it is one of ours).
    public init(after lastID: String? = nil) {
        if let lastID, let value = Self.decode(lastID) { last = value }
    }

    /// The next id at `now`.
    public mutating func make<R: RandomNumberGenerator>(now: Date, using generator: inout R) -> String {
        let second = UInt64(max(0, now.timeIntervalSince1970.rounded(.down)))
        let start = (second << Self.sequenceBits) | generator.next(upperBound: 1 << (Self.sequenceBits - 1))
        // Within a second (or when the clock stepped back) count on from the last id; a new second starts afresh.
        last = (start >> Self.sequenceBits) > (last >> Self.sequenceBits) ? start : last + 1
        return Self.encode(last)
    }

    public mutating func make(now: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(now: now, using: &generator)
    }

    /// Ten base32 characters, most significant first, so that ids sort as their values do.
    static func encode(_ value: UInt64) -> String {
        String((0..<10).reversed().map { alphabet[Int((value >> (UInt64($0) * 5)) & 31)] })
    }

    /// The value of an id made by ``encode(_:)``; nil for anything else (a session's `s-NAME-a`).
    static func decode(_ id: String) -> UInt64? {
        guard id.count == 10 else { return nil }
        var value: UInt64 = 0
        for character in id {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            value = value << 5 | UInt64(digit)
        }
        return value
    }
}
