import Foundation

/// The status id an `In-Reply-To:` names on Mastodon (pure): an id as is, or the id at the end of a status's web
/// address on the account's own instance (`https://mastodon.social/@alice/109…`), as people copy it. Anything else
/// is passed on unchanged, and Mastodon's answer (404) fails the post with its reason.
public enum MastodonReplyTarget {
    public static func id(_ reference: String, baseURL: String) -> String {
        guard let url = URL(string: reference), let host = url.host, host == URL(string: baseURL)?.host,
              let last = url.pathComponents.last, !last.isEmpty, last.allSatisfy(\.isASCII),
              last.allSatisfy(\.isNumber)
        else { return reference }
        return last
    }
}
