/// The post file a feed item becomes, and its name in `incoming/`. Both are functions of the feed's name and the
/// item's identity alone, so writing the same item again (after a crash between writing the file and recording the
/// item as seen) replaces the file or meets its `Id:` already accepted: an item is never posted twice.
public enum FeedPostFile {
    /// `feed-` and a hash of the feed's name and the item's identity: the `Id:` and the file's base name.
    public static func id(feed: String, guid: String) -> String {
        "feed-" + StableHash.hex([feed, guid])
    }

    public static func fileName(feed: String, guid: String) -> String {
        id(feed: feed, guid: guid) + ".post"
    }

    /// The file's content: `Account:`, `Id:`, `Hold:` when the feed holds its items, `Thread: no` (an item is
    /// one status; a `---` line in a summary must not split it), and `X-Herald-Feed`/`X-Herald-Feed-Item` so that
    /// tools and approvers see where it came from.
    public static func content(feed: Feed, item: FeedItem, text: String) -> String {
        var lines = [
            "Account: \(feed.account)",
            "Id: \(id(feed: feed.name, guid: item.guid))",
            "Thread: no",
            "X-Herald-Feed: \(oneLine(feed.name))",
            "X-Herald-Feed-Item: \(oneLine(item.guid))",
        ]
        if feed.hold { lines.insert("Hold: new item of feed \(oneLine(feed.name))", at: 2) }
        return lines.joined(separator: "\n") + "\n\n" + text + "\n"
    }

    /// A header value on one line (a hostile feed cannot add headers through an identity with a line break).
    static func oneLine(_ text: String) -> String {
        HTMLText.collapse(text)
    }
}
