/// How an X account signs its requests.
enum XAuthorization: Sendable {
    /// OAuth 1.0a user context: every request signed with the consumer and access token secrets.
    case oauth1(OAuth1Signer)
    /// OAuth 2.0 user token (`offline.access`), refreshed through the store.
    case oauth2(XTokenStore)
}
