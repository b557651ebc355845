/// Why an X request could not be authorized (an OAuth 2.0 token refresh failed).
enum XAuthFailure: Error, Sendable, Equatable {
    /// May go away (network error, 5xx, the new tokens could not be saved yet).
    case temporary(String)
    /// Needs a human (the refresh token was refused: re-authorize the app and replace the credentials).
    case permanent(String)
}
