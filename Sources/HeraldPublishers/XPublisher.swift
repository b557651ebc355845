import Foundation
import HeraldCore

/// Publishes to X with API v2: `POST /2/tweets` (`text`, `reply.in_reply_to_tweet_id`, `media.media_ids`).
///
/// **Credentials** (``NetworkCredentials`` keys): OAuth 1.0a user context with `consumer_key`,
/// `consumer_secret`, `access_token`, `access_token_secret`; or OAuth 2.0 with `client_id`, `refresh_token`,
/// optional `client_secret` (confidential clients) and `access_token`. Optional `user_id` saves a
/// `GET /2/users/me`. OAuth 2.0 tokens are refreshed by ``XTokenStore`` and kept in
/// `STATE/networks/ACCOUNT/x-oauth2-tokens.json`.
///
/// **Rate limits**: after any response whose `x-rate-limit-remaining` or `x-user-limit-24hour-remaining` is 0,
/// no post is sent before the matching reset; such attempts, and 429s, are temporary with `retryAfter` = reset.
///
/// **Exactly once**: X has no idempotency key, so an attempt whose outcome is unknown (timeout or reset after
/// sending, a 5xx, a crash) is resolved by looking the status up among the user's posts since it was scheduled
/// (``XTimelinePage/match(_:since:)``) before posting again; a look-up that fails sends nothing (temporary). If
/// the look-up lists no such post and X then answers 403 "duplicate content", the earlier attempt did publish
/// (X's timeline lags): the id is looked up again. A 403 duplicate without an earlier unknown outcome is a
/// permanent failure with X's reason. ``resolve(_:)`` keeps an interrupted attempt unknown unless it finds the
/// post; only a successful publish settles it. The keys of unknown outcomes are kept in
/// `STATE/networks/ACCOUNT/x-unknown-outcomes.json`, in one ``XAccountState`` per file for the process
/// (``StateRegistry``), so reloads and restarts keep that knowledge.
///
/// **Refused credentials**: a 401 (with OAuth 2.0, after one token refresh) or a refused refresh is
/// ``PublishOutcome/unauthorized(reason:)``: nothing went out, and the daemon pauses the account until new
/// credentials arrive.
///
/// **Media**: each attachment is uploaded with the v2 simple upload, `POST /2/media/upload` with a JSON body
/// (`media` base64, `media_category` `tweet_image` or `tweet_gif`, `media_type`), then its alt text is set with
/// `POST /2/media/metadata` (`{"id", "metadata": {"alt_text": {"text"}}}`). Images and GIFs up to 5 MiB; video
/// needs the chunked upload, which Herald does not do yet.
public struct XPublisher: Publisher {
    public static let defaultBaseURL = "https://api.x.com"
    /// X's simple-upload size limit for images.
    static let maximumMediaBytes = 5 << 20

    let account: String
    let baseURL: String
    let timeout: TimeInterval
    let transport: any HTTPTransport
    let authorization: XAuthorization
    let state: XAccountState
    /// `user_id` from the credentials, which saves a `GET /2/users/me`.
    let configuredUserID: String?
    let makeNonce: @Sendable () -> String

    public init(context: NetworkContext) throws(NetworkCredentialsError) {
        let credentials = context.credentials
        account = context.account.name
        baseURL = context.baseURL(default: Self.defaultBaseURL)
        timeout = context.account.timeout
        transport = context.transport
        let file = context.stateDirectory.appendingPathComponent("x-unknown-outcomes.json")
        state = XAccountState.registry.state(file: file) { XAccountState(userID: nil, file: file) }
        configuredUserID = credentials.optional("user_id")
        makeNonce = { Self.randomNonce() }
        if credentials.optional("consumer_key") != nil {
            authorization = .oauth1(OAuth1Signer(
                consumerKey: try credentials.require("consumer_key"),
                consumerSecret: try credentials.require("consumer_secret"),
                token: try credentials.require("access_token"),
                tokenSecret: try credentials.require("access_token_secret")))
        } else if credentials.optional("client_id") != nil || credentials.optional("refresh_token") != nil {
            let initial = XOAuth2Tokens(
                accessToken: credentials.optional("access_token"),
                refreshToken: try credentials.require("refresh_token"), expiresAt: nil)
            let clientID = try credentials.require("client_id")
            let file = context.stateDirectory.appendingPathComponent("x-oauth2-tokens.json")
            let (transport, timeout) = (context.transport, context.account.timeout)
            let secret = credentials.optional("client_secret")
            let tokenURL = baseURL + "/2/oauth2/token"
            authorization = .oauth2(XTokenStoreRegistry.shared.store(
                file: file, tokenURL: tokenURL, clientID: clientID, refreshToken: initial.refreshToken
            ) {
                XTokenStore(
                    clientID: clientID, clientSecret: secret, initial: initial, tokenURL: tokenURL, file: file,
                    transport: transport, timeout: timeout)
            })
        } else {
            throw .missingKey(account: context.account.name, key: "consumer_key")
        }
    }

    public func rateLimitedUntil(now: Date) async -> Date? { await state.blockedUntil(now: now) }

    public func adoptRateLimit(until: Date) async { await state.adoptBlock(until: until) }

    public func publish(_ status: OutgoingStatus, now: Date) async -> PublishOutcome {
        if let problem = status.problem { return .permanent(reason: "invalid status: \(problem)") }
        if let until = await state.blockedUntil(now: now) {
            return .temporary(reason: "X rate limit exhausted until \(RFC3339.string(from: until))", retryAfter: until)
        }
        var replyTarget: String?
        if let inReplyTo = status.inReplyTo {
            guard let id = XPostID.parse(inReplyTo) else {
                return .permanent(reason: "In-Reply-To \"\(inReplyTo)\" is neither an X post id nor a post's "
                    + "address (https://x.com/USER/status/ID)")
            }
            replyTarget = id
        }
        let key = status.idempotencyKey
        let earlierUnknown = await state.isUnknown(key)
        if earlierUnknown {
            // Only a look-up that lists the whole window may lead to a new POST: X has no idempotency key.
            switch await lookUp(status, now: now) {
            case .found(let id):
                await state.clearUnknown(key)
                return .published(remoteID: id)
            case .failed(let why):
                return .temporary(reason: "an earlier attempt's outcome is unknown and looking it up failed (\(why)); "
                    + "nothing is sent before the look-up succeeds", retryAfter: nil)
            case .unauthorized(let why):
                return .unauthorized(reason: "X refused the credentials while looking up an earlier attempt: \(why)")
            case .absent:
                break
            }
        }
        var mediaIDs: [String] = []
        for attachment in status.media {
            switch await upload(attachment, now: now) {
            case .success(let id): mediaIDs.append(id)
            case .failure(let outcome): return outcome.outcome
            }
        }
        let body = XTweetRequest(text: status.text, inReplyTo: replyTarget, mediaIDs: mediaIDs).encoded()
        switch await send("POST", "/2/tweets", json: body, now: now) {
        case .authorization(let failure):
            return Self.outcome(failure)
        case .transport(.notSent(let reason)):
            return .temporary(reason: "X not reached: \(reason)", retryAfter: nil)
        case .transport(.unknown(let reason)):
            await state.markUnknown(key)
            return .temporary(
                reason: "outcome unknown (\(reason)); the post is looked up before any retry", retryAfter: nil)
        case .response(let response):
            return await classify(response, status: status, earlierUnknown: earlierUnknown, now: now)
        }
    }

    public func resolve(_ status: OutgoingStatus) async -> Resolution {
        switch await lookUp(status, now: Date()) {
        case .found(let id):
            await state.clearUnknown(status.idempotencyKey)
            return .published(remoteID: id)
        case .absent:
            // X's timeline lags behind new posts: the interrupted attempt may still have gone out, so it stays an
            // unknown outcome, and a "duplicate content" refusal of the republish is read as published.
            await state.markUnknown(status.idempotencyKey)
            return .notPublished
        case .failed, .unauthorized:
            await state.markUnknown(status.idempotencyKey)
            return .unknown
        }
    }

    // MARK: - Classification

    private func classify(
        _ response: HTTPResponse, status: OutgoingStatus, earlierUnknown: Bool, now: Date
    ) async -> PublishOutcome {
        let key = status.idempotencyKey
        let limit = XRateLimit(response)
        await state.note(limit)
        let reason = XErrorBody(response.body).reason
        switch response.status {
        case 200, 201:
            guard let id = Self.dataID(response.body) else {
                await state.markUnknown(key)
                return .temporary(reason: "X answered \(response.status) without a post id", retryAfter: nil)
            }
            await state.clearUnknown(key)
            return .published(remoteID: id)
        case 429:
            return .temporary(
                reason: "X rate limit (HTTP 429): \(reason)", retryAfter: limit.retryAfterTooManyRequests)
        case 500...:
            await state.markUnknown(key)
            return .temporary(reason: "X server error (HTTP \(response.status)): \(reason)", retryAfter: nil)
        case 403 where XErrorBody(response.body).isDuplicateContent && earlierUnknown:
            switch await lookUp(status, now: now) {
            case .found(let id):
                await state.clearUnknown(key)
                return .published(remoteID: id)
            case .absent:
                // X's timeline lags behind new posts; the next attempt looks again before sending anything.
                return .temporary(reason: "X refused the post as a duplicate (\(reason)) after an attempt whose "
                    + "outcome was unknown, but it is not among the user's recent posts yet", retryAfter: nil)
            case .failed(let why):
                return .temporary(reason: "X says the post is a duplicate of an earlier attempt; looking its id "
                    + "up failed: \(why)", retryAfter: nil)
            case .unauthorized(let why):
                return .unauthorized(reason: "X refused the credentials while looking up a duplicate: \(why)")
            }
        case 401:
            return .unauthorized(reason: "X refused the credentials (HTTP 401): \(reason)")
        default:
            return .permanent(reason: "X refused the post (HTTP \(response.status)): \(reason)")
        }
    }

    static func outcome(_ failure: XAuthFailure) -> PublishOutcome {
        switch failure {
        case .temporary(let reason): .temporary(reason: reason, retryAfter: nil)
        case .permanent(let reason): .unauthorized(reason: reason)
        }
    }

    /// `data.id` of a response body.
    static func dataID(_ body: [UInt8]) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        return (object?["data"] as? [String: Any])?["id"] as? String
    }

    static func randomNonce() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}
