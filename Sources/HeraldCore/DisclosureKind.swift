/// The statuses Herald itself publishes for a delegated session. The raw values are the outbox's `kind` values
/// and what `posts.kind` / `statuses.kind` store.
public enum DisclosureKind: String, Sendable, Equatable, CaseIterable {
    case announcement, reminder, closing
}
