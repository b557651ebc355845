/// Something about a valid post file worth telling its author (`herald check`, the journal) that does not stop
/// it from being accepted.
public enum PostWarning: Sendable, Equatable, CustomStringConvertible {
    /// A `Media:` header without `alt=`: people who cannot see the image get nothing.
    case missingAltText(path: String, line: Int)
    /// A `Content-Warning:` on a post that also goes to an X or Bluesky account: those networks have no content
    /// warning, so there the text goes out without it. (Outbox and exec accounts get it in their JSON.)
    case contentWarningNotSent(account: String, network: Network, line: Int)

    public var line: Int {
        switch self {
        case .missingAltText(_, let line), .contentWarningNotSent(_, _, let line): line
        }
    }

    public var message: String {
        switch self {
        case .missingAltText(let path, _): "`Media` \(path) has no alt text (add `; alt=…` to describe it)"
        case .contentWarningNotSent(let account, let network, _):
            "`Content-Warning` is only sent to Mastodon: account `\(account)` (\(network.rawValue)) publishes the "
                + "text without it"
        }
    }

    public var description: String { "line \(line): warning: \(message)" }
}
