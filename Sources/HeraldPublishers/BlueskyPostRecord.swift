import Foundation
import HeraldCore

/// The `com.atproto.repo.createRecord` body of one post (pure).
public enum BlueskyPostRecord {
    /// An uploaded image: the blob object `uploadBlob` returned (as JSON bytes) and its alt text.
    public struct Image: Sendable {
        public var blob: [UInt8]
        public var alt: String

        public init(blob: [UInt8], alt: String) {
            self.blob = blob
            self.alt = alt
        }
    }

    /// The facets as the lexicon writes them; a mention whose handle is not in `dids` is left out (an unresolved
    /// handle stays plain text).
    public static func facets(_ facets: [BlueskyFacet], dids: [String: String]) -> [[String: Any]] {
        facets.compactMap { facet in
            let feature: [String: Any]
            switch facet.feature {
            case .link(let uri):
                feature = ["$type": "app.bsky.richtext.facet#link", "uri": uri]
            case .mention(let handle):
                guard let did = dids[handle.lowercased()] else { return nil }
                feature = ["$type": "app.bsky.richtext.facet#mention", "did": did]
            case .tag(let tag):
                feature = ["$type": "app.bsky.richtext.facet#tag", "tag": tag]
            }
            return ["index": ["byteStart": facet.byteStart, "byteEnd": facet.byteEnd], "features": [feature]]
        }
    }

    /// The request body: `{repo, collection, rkey, record: {$type, text, createdAt, langs, facets?, reply?, embed?}}`.
    public static func body(
        repo: String, rkey: String, text: String, createdAt: Date, language: String, facets: [[String: Any]],
        reply: (root: BlueskyStrongRef, parent: BlueskyStrongRef)?, images: [Image]
    ) -> [UInt8] {
        var record: [String: Any] = [
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": RFC3339.string(from: createdAt),
            "langs": [language],
        ]
        if !facets.isEmpty { record["facets"] = facets }
        if let reply { record["reply"] = ["root": reply.root.json, "parent": reply.parent.json] }
        if !images.isEmpty {
            record["embed"] = [
                "$type": "app.bsky.embed.images",
                "images": images.map { image -> [String: Any] in
                    ["image": (try? JSONSerialization.jsonObject(with: Data(image.blob))) ?? [:], "alt": image.alt]
                },
            ]
        }
        let object: [String: Any] = [
            "repo": repo, "collection": "app.bsky.feed.post", "rkey": rkey, "record": record,
        ]
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}
