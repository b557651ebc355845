/// How often heraldd refits an account's curve from its own statuses (`learn` account key).
public enum LearnFrequency: String, Sendable, Equatable, CaseIterable {
    case off, daily, weekly

    /// Seconds between two refits; nil when off.
    public var interval: Double? {
        switch self {
        case .off: nil
        case .daily: 86_400
        case .weekly: 7 * 86_400
        }
    }
}
