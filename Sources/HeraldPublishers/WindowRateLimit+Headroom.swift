import Foundation

extension WindowRateLimit {
    /// Requests of a shared window (Mastodon's and Bluesky's count every request of the account) kept for
    /// publishing: a thread of a few parts with media, its look-ups and a retry. Background work stops above it.
    public static let publishingReserve = 30

    /// When background work may send again: nil when the window has room beyond ``publishingReserve`` (or is
    /// unknown, or has reset), else the window's reset (or a minute on when the network gave none).
    public func backgroundBlockedUntil(now: Date, reserve: Int = publishingReserve) -> Date? {
        guard let remaining, remaining <= reserve else { return nil }
        if let reset { return reset > now ? reset : nil }
        return now.addingTimeInterval(60)
    }
}
