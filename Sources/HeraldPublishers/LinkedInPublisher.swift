import Foundation
import HeraldCore

/// Publishes to LinkedIn with the versioned REST API (`base_url` default `https://api.linkedin.com`): every call
/// carries `LinkedIn-Version` (the account's `linkedin_version`) and `X-Restli-Protocol-Version: 2.0.0`.
///
/// - **Posts.** A thread's first part is `POST /rest/posts` by the account's `author` (a person or organization
///   URN) with `commentary` in LinkedIn's "little text" (``LinkedInLittleText``: reserved characters escaped,
///   hashtags kept), the account's `visibility`, main-feed distribution and `lifecycleState` `PUBLISHED`; the post
///   URN comes back in `x-restli-id`. The later parts are **comments on that post**
///   (`POST /rest/socialActions/{post}/comments`), in order, each remote id a comment URN; a post with
///   `In-Reply-To:` (a post or comment URN) is a comment on that post.
/// - **Lengths.** 3,000 for a post, 1,250 for a comment, in UTF-16 code units of the text as written
///   (``LinkedInLength``).
/// - **Images.** One `Media:` image: `POST /rest/images?action=initializeUpload` (owner = the author), a `PUT` of
///   the bytes to the upload URL, then the post's `content.media` with the alt text.
/// - **Exactly once.** LinkedIn has no idempotency key. An attempt whose outcome is unknown (timeout, dropped
///   connection, 5xx, a crash) is remembered (`linkedin-unknown-outcomes.json`), and the next attempt first looks
///   the status up: the author's recent posts (`GET /rest/posts?q=author`) or the post's comments, for the same
///   text since it was due. If the look-up misses it and LinkedIn then refuses the retry as a duplicate
///   (422 `DUPLICATE_POST` naming the existing URN) of a post made since the status was due, that URN is the
///   earlier attempt's post; a duplicate of an older (or deleted) post, or without an earlier unknown outcome,
///   fails the post. Reading posts needs `r_member_social`, which LinkedIn grants to partners only: without it
///   (403) a post is sent again and the duplicate refusal decides, and a comment (LinkedIn does not refuse
///   duplicate comments) fails for a human to check rather than risk a second copy.
/// - **Tokens.** 60-day member tokens. With `refresh_token`, `client_id` and `client_secret` (apps allowed to
///   refresh) Herald refreshes two weeks before the expiry (``LinkedInAccountState``); otherwise the daemon warns
///   a week before `expires_at`. A 401, or a 403 for a missing permission, is ``PublishOutcome/unauthorized(reason:)``:
///   the account is paused.
///
/// Credentials: `access_token`; optional `expires_at` (RFC 3339), `refresh_token`, `client_id`, `client_secret` and
/// `token_url` (default `https://www.linkedin.com/oauth/v2/accessToken`, or `BASE_URL/oauth/v2/accessToken` when
/// `base_url` is set).
public struct LinkedInPublisher: Publisher {
    public static let defaultBaseURL = "https://api.linkedin.com"
    static let defaultTokenURL = "https://www.linkedin.com/oauth/v2/accessToken"

    let account: Account
    let baseURL: String
    let transport: any HTTPTransport
    let state: LinkedInAccountState
    let initialToken: RenewableToken
    /// The refresh-token grant, when the credentials allow it.
    let refresher: LinkedInRefresh?

    public init(context: NetworkContext) throws(NetworkCredentialsError) {
        account = context.account
        baseURL = context.baseURL(default: Self.defaultBaseURL)
        transport = context.transport
        let credentials = context.credentials
        initialToken = try RenewableToken(credentials: credentials)
        if let refreshToken = credentials.optional("refresh_token") {
            let tokenURL = credentials.optional("token_url")
                ?? (context.account.baseURL != nil ? baseURL + "/oauth/v2/accessToken" : Self.defaultTokenURL)
            refresher = LinkedInRefresh(
                tokenURL: tokenURL, refreshToken: refreshToken, clientID: try credentials.require("client_id"),
                clientSecret: try credentials.require("client_secret"))
        } else {
            refresher = nil
        }
        let directory = context.stateDirectory
        state = LinkedInAccountState.registry.state(
            file: directory.appendingPathComponent("linkedin-unknown-outcomes.json")
        ) { LinkedInAccountState(directory: directory) }
    }

    /// Ends a step of a publish with its outcome.
    struct Stop: Error {
        let outcome: PublishOutcome
    }

    /// Where a status goes: a new post, or a comment on `object`.
    enum Placement: Equatable {
        case post
        case comment(on: String)
    }

    public func publish(_ status: OutgoingStatus, now: Date) async -> PublishOutcome {
        if let problem = status.problem { return .permanent(reason: "invalid status: \(problem)") }
        do throws(Stop) {
            let placement = try Self.placement(of: status)
            let limit = placement == .post ? LinkedInLength.maxPostLength : LinkedInLength.maxCommentLength
            let length = LinkedInLength.length(status.text)
            guard length <= limit else {
                return .permanent(reason: "the \(placement == .post ? "post" : "comment") counts \(length) on "
                    + "LinkedIn; the limit is \(limit)")
            }
            let token = await accessToken(now: now)
            let key = status.idempotencyKey
            let earlierUnknown = await state.isUnknown(key)
            if earlierUnknown {
                switch try await lookUp(status, placement: placement, token: token) {
                case .found(let id):
                    await state.clearUnknown(key)
                    return .published(remoteID: id)
                case .absent:
                    break
                case .unavailable where placement == .post:
                    break  // sent again: LinkedIn refuses a duplicate post, naming the earlier one
                case .unavailable:
                    return .permanent(reason: "an earlier attempt at this comment had an unknown outcome, and LinkedIn "
                        + "does not let this app read comments to tell; check the post by hand")
                }
            }
            let id = try await send(status, placement: placement, token: token, earlierUnknown: earlierUnknown)
            await state.clearUnknown(key)
            return .published(remoteID: id)
        } catch {
            return error.outcome
        }
    }

    public func resolve(_ status: OutgoingStatus) async -> Resolution {
        let key = status.idempotencyKey
        do throws(Stop) {
            let placement = try Self.placement(of: status)
            let token = await accessToken(now: Date())
            switch try await lookUp(status, placement: placement, token: token) {
            case .found(let id):
                await state.clearUnknown(key)
                return .published(remoteID: id)
            case .absent:
                // Lists may lag behind a post just made: a duplicate refusal of the republish is read as published.
                await state.markUnknown(key)
                return .notPublished
            case .unavailable:
                await state.markUnknown(key)
                return .unknown
            }
        } catch {
            await state.markUnknown(key)
            return .unknown
        }
    }

    public func credentialsExpiry(now: Date) async -> Date? {
        await state.tokenExpiry(initial: initialToken)
    }

    /// A thread's first part without `In-Reply-To:` is a post; everything else comments on the post it follows.
    static func placement(of status: OutgoingStatus) throws(Stop) -> Placement {
        guard let reply = status.inReplyTo else { return .post }
        guard let object = LinkedInURN.commentTarget(of: reply) else {
            throw Stop(outcome: .permanent(reason: "In-Reply-To \"\(reply)\" is not a LinkedIn post or comment URN "
                + "(urn:li:share:…, urn:li:ugcPost:…, urn:li:comment:(…))"))
        }
        return .comment(on: object)
    }

    func accessToken(now: Date) async -> String {
        guard let refresher else {
            return await state.accessToken(initial: initialToken, now: now, refresh: nil)
        }
        let (transport, timeout) = (transport, account.timeout)
        return await state.accessToken(initial: initialToken, now: now) {
            await refresher.refresh(transport: transport, timeout: timeout)
        }
    }
}
