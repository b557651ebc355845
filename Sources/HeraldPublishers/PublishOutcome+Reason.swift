extension PublishOutcome {
    /// The reason a failure gives (the remote id of a success), for messages about work that is not a publish.
    public var reason: String {
        switch self {
        case .published(let remoteID): remoteID
        case .temporary(let reason, _), .permanent(let reason), .unauthorized(let reason): reason
        }
    }
}
