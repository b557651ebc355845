/// How one X API request ended, before the publisher classifies it.
enum XExchange: Sendable {
    case response(HTTPResponse)
    case transport(HTTPFailure)
    /// No request was sent: the OAuth 2.0 token could not be obtained.
    case authorization(XAuthFailure)
}
