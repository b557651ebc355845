import Foundation

/// The numeric id of an X post, from an `In-Reply-To:` value (pure).
///
/// X's API wants `in_reply_to_tweet_id` as the bare number, while people copy a post's web address:
/// `https://x.com/USER/status/123`, `https://twitter.com/USER/status/123?s=20`, `…/i/web/status/123#m`.
public enum XPostID {
    private static let hosts: Set<String> = [
        "x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com",
    ]

    /// The id in `value` (digits, or a post's address on x.com or twitter.com), or nil when it names no post.
    public static func parse(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if isNumber(trimmed) { return trimmed }
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = components.host?.lowercased(), hosts.contains(host)
        else { return nil }
        let segments = components.path.split(separator: "/").map(String.init)
        guard segments.count >= 3, let index = segments.lastIndex(of: "status"), index >= 1,
              index + 1 < segments.count, isNumber(segments[index + 1])
        else { return nil }
        // `/USER/status/ID` with an optional trailing `/photo/1` or similar, or `/i/web/status/ID`.
        return segments[index + 1]
    }

    private static func isNumber(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 20 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
