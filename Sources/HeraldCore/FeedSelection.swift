import Foundation

/// What one poll of a feed does, decided from the items read and the identities already seen: which items become
/// posts now and which identities to remember.
///
/// - The first poll of a feed (`primed` false) only remembers: a new feed must not post its whole back catalogue.
/// - New items go oldest first (by date; items without one by document order, newest first as feeds list them),
///   at most `maxPerPoll`; the rest stay unseen and come with the next polls.
/// - An item is new by its identity alone, so a feed that re-orders, re-dates or drops items posts nothing again.
public struct FeedSelection: Sendable, Equatable {
    /// The items to turn into posts, oldest first.
    public var post: [FeedItem]
    /// The identities to record as seen: the posted items' (or, on the first poll, every item's).
    public var markSeen: [String]
    /// New items left for later polls by `maxPerPoll`.
    public var waiting: Int

    public init(post: [FeedItem], markSeen: [String], waiting: Int) {
        self.post = post
        self.markSeen = markSeen
        self.waiting = waiting
    }

    public static func select(
        _ items: [FeedItem], seen: Set<String>, primed: Bool, maxPerPoll: Int
    ) -> FeedSelection {
        var identities = Set<String>()
        let unique = items.filter { identities.insert($0.guid).inserted }
        guard primed else {
            return FeedSelection(post: [], markSeen: unique.map(\.guid).filter { !seen.contains($0) }, waiting: 0)
        }
        let fresh = oldestFirst(unique.filter { !seen.contains($0.guid) })
        let post = Array(fresh.prefix(max(maxPerPoll, 0)))
        return FeedSelection(post: post, markSeen: post.map(\.guid), waiting: fresh.count - post.count)
    }

    /// Dated items by date; undated ones after them in reverse document order (feeds put the newest first).
    static func oldestFirst(_ items: [FeedItem]) -> [FeedItem] {
        items.sorted { a, b in
            switch (a.published, b.published) {
            case let (x?, y?) where x != y: x < y
            case (.some, nil): true
            case (nil, .some): false
            default: a.position > b.position
            }
        }
    }
}
