extension Network {
    /// Whether Herald fetches its statuses' engagement (X, Mastodon, Bluesky). Threads and LinkedIn have insights
    /// APIs behind other permissions, not implemented; the outbox and exec have no audience to ask.
    public var hasMetrics: Bool { self == .x || self == .mastodon || self == .bluesky }
}
