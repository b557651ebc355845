/// What a network said about one status when asked for its engagement.
public enum FetchedMetrics: Sendable, Equatable {
    /// Its figures now.
    case counts(StatusMetrics)
    /// The network no longer has it (deleted, or its account gone): recorded as such and never asked again.
    case gone
}
