/// An `at://` URI of a post record, `at://REPO/COLLECTION/RKEY`: what Herald stores as a Bluesky status's remote
/// id, and what `In-Reply-To:` names on Bluesky (pure).
public struct BlueskyPostURI: Sendable, Hashable {
    public var repo: String
    public var collection: String
    public var rkey: String

    public init(repo: String, collection: String = "app.bsky.feed.post", rkey: String) {
        self.repo = repo
        self.collection = collection
        self.rkey = rkey
    }

    /// Parses `at://REPO/COLLECTION/RKEY`, or a post's web address `https://bsky.app/profile/REPO/post/RKEY` (as
    /// people copy it for `In-Reply-To:`; REPO may be a handle, which the PDS resolves); nil for anything else.
    public init?(_ text: String) {
        let web = "https://bsky.app/profile/"
        if text.hasPrefix(web) {
            let parts = text.dropFirst(web.count).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[1] == "post", !parts[0].isEmpty, !parts[2].isEmpty else { return nil }
            self.init(repo: String(parts[0]), rkey: String(parts[2]))
            return
        }
        guard text.hasPrefix("at://") else { return nil }
        let parts = text.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(repo: String(parts[0]), collection: String(parts[1]), rkey: String(parts[2]))
    }

    public var string: String { "at://\(repo)/\(collection)/\(rkey)" }
}
