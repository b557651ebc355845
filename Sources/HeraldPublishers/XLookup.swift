/// What looking a status up in the user's recent posts found.
enum XLookup: Sendable, Equatable {
    case found(id: String)
    /// The whole window since the status was scheduled was listed and it is not there.
    case absent
    /// The look-up itself failed (network, rate limit, too many posts to list).
    case failed(String)
    /// X refused the credentials (401, refused token refresh): nothing can be looked up or sent.
    case unauthorized(String)
}
