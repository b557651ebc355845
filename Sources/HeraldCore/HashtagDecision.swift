/// What the `#team` rule did with one status. Recorded with the status, so `herald sessions` can say how many
/// team posts kept the tag and how many lost it.
public enum HashtagDecision: String, Sendable, Equatable {
    /// A team post: the tag was appended.
    case added
    /// A team post too long for the tag: published unchanged.
    case dropped
}
