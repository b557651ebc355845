import Foundation
import HeraldCore

/// Publishes to Threads with Meta's two-step flow (`base_url` default `https://graph.threads.net`, API `v1.0`):
/// `POST /{user-id}/threads` makes a media container (`media_type` `TEXT` or `IMAGE`, `text`, `image_url`,
/// `alt_text`, `reply_to_id`), `GET /{container-id}?fields=status,error_message` is polled until it is `FINISHED`
/// (as Meta advises), and `POST /{user-id}/threads_publish` with `creation_id` publishes it. The remote id is the
/// post's media id; a thread's later parts are replies to the previous part (`reply_to_id`).
///
/// - **Exactly once.** Threads has no idempotency key. The container id is saved (``ThreadsContainerRecord``,
///   durably) before `threads_publish` is called, and a status whose container is on record never gets a second
///   one while that container can still be published: after an unknown outcome (timeout, dropped connection, a
///   crash), its status is asked first. `PUBLISHED` means done: the media id is found among the user's posts or
///   replies (`GET /{user-id}/threads` or `/replies`: same text, created since the container); `FINISHED` is
///   published now; `IN_PROGRESS` waits; `EXPIRED` (a day unpublished) gets a new container; `ERROR` fails the
///   post with Meta's message. A container is never published twice.
/// - **Publishing limits.** 250 posts and 1,000 replies per moving 24 hours: `GET /{user-id}/threads_publishing_limit`
///   is asked before every publish, and a used-up quota waits (temporary, retried when the oldest post Herald made
///   in the window leaves it, or in an hour) instead of being refused.
/// - **Token.** `access_token` is a long-lived token (60 days), refreshed with `th_refresh_token` when less than 30
///   days remain (see ``ThreadsAccountState``); the new token is saved in `threads-token.json` before it is used.
///   Code 190 (the token is dead) is ``PublishOutcome/unauthorized(reason:)``: the daemon pauses the account.
/// - **Media.** Threads fetches images from a public address only: the account's `media_base_url` says where its
///   `media_dirs` are served (``PostMedia/publicURL(of:directories:baseURL:)``); one image per post, with its alt
///   text.
/// - **Length.** 500, emoji counting their UTF-8 bytes, and at most 5 different links (``ThreadsLength``),
///   checked again here.
///
/// Credentials: `access_token`; optional `user_id` (saves a `GET /me`) and `expires_at` (RFC 3339, the token's
/// expiry when known).
public struct ThreadsPublisher: Publisher {
    public static let defaultBaseURL = "https://graph.threads.net"
    static let apiVersion = "v1.0"
    /// How often a container still `IN_PROGRESS` is asked again, at first (doubling up to 5 s), for at most the
    /// account's `timeout`.
    static let firstPoll: Duration = .milliseconds(200)

    let account: Account
    let baseURL: String
    let transport: any HTTPTransport
    let state: ThreadsAccountState
    let initialToken: RenewableToken
    let configuredUserID: String?

    public init(context: NetworkContext) throws(NetworkCredentialsError) {
        account = context.account
        baseURL = context.baseURL(default: Self.defaultBaseURL)
        transport = context.transport
        initialToken = try RenewableToken(credentials: context.credentials)
        configuredUserID = context.credentials.optional("user_id")
        let directory = context.stateDirectory
        state = ThreadsAccountState.registry.state(file: directory.appendingPathComponent("threads-containers.json")) {
            ThreadsAccountState(directory: directory)
        }
    }

    /// Ends a step of a publish with its outcome.
    struct Stop: Error {
        let outcome: PublishOutcome
    }

    public func publish(_ status: OutgoingStatus, now: Date) async -> PublishOutcome {
        if let problem = status.problem { return .permanent(reason: "invalid status: \(problem)") }
        if let problem = TextLength.measurement(of: status.text, network: .threads).problem {
            return .permanent(reason: "Threads would refuse the status: \(problem)")
        }
        do throws(Stop) {
            return try await publishSteps(status, now: now)
        } catch {
            return error.outcome
        }
    }

    private func publishSteps(_ status: OutgoingStatus, now: Date) async throws(Stop) -> PublishOutcome {
        let key = status.idempotencyKey
        let token = try await accessToken(now: now)
        let user = try await userID(token: token)
        var record: ThreadsContainerRecord?
        do {
            record = try await state.record(key)
        } catch {
            throw Stop(outcome: .temporary(
                reason: "cannot read the Threads container records (\(error)); nothing is sent until they can be",
                retryAfter: nil))
        }
        if let mediaID = record?.mediaID { return .published(remoteID: mediaID) }
        if let known = record {
            switch try await containerStatus(known.container, token: token) {
            case .published:
                return try await recoverPublished(status, record: known, user: user, token: token, now: now)
            case .expired:
                await state.forget(key)
                record = nil
            case .error(let message):
                await state.forget(key)
                return .permanent(reason: "Threads could not prepare the post: \(message)")
            case .finished, .inProgress:
                break
            }
        }
        let current: ThreadsContainerRecord
        if let record {
            current = record
        } else {
            current = try await createContainer(status, user: user, token: token, now: now)
        }
        try await waitUntilFinished(current.container, token: token)
        try await checkLimit(reply: current.isReply, user: user, token: token, now: now)
        let mediaID = try await publishContainer(current.container, user: user, token: token)
        await remember(mediaID, of: current, key: key, now: now)
        return .published(remoteID: mediaID)
    }

    /// Looks the status up (see the type's "Exactly once"); it only reads.
    public func resolve(_ status: OutgoingStatus) async -> Resolution {
        let now = Date()
        let record: ThreadsContainerRecord
        do {
            guard let known = try await state.record(status.idempotencyKey) else { return .notPublished }
            record = known
        } catch {
            return .unknown  // the records cannot be read: nothing can be said
        }
        if let mediaID = record.mediaID { return .published(remoteID: mediaID) }
        do throws(Stop) {
            let token = try await accessToken(now: now)
            switch try await containerStatus(record.container, token: token) {
            case .published:
                let user = try await userID(token: token)
                guard let id = try await findPublished(status, record: record, user: user, token: token, now: now)
                else { return .unknown }
                return .published(remoteID: id)
            case .finished, .inProgress, .expired, .error:
                return .notPublished
            }
        } catch {
            return .unknown
        }
    }

    public func credentialsExpiry(now: Date) async -> Date? {
        await state.tokenExpiry(initial: initialToken)
    }

    /// A container that says PUBLISHED while Herald has no media id (the answer to `threads_publish` was lost):
    /// the post is found among the user's, or the attempt waits for it to be listed.
    private func recoverPublished(
        _ status: OutgoingStatus, record: ThreadsContainerRecord, user: String, token: String, now: Date
    ) async throws(Stop) -> PublishOutcome {
        guard let id = try await findPublished(status, record: record, user: user, token: token, now: now) else {
            return .temporary(reason: "Threads published container \(record.container), but the post is not "
                + "listed yet; it is looked up again before anything is sent", retryAfter: nil)
        }
        return .published(remoteID: id)
    }

    /// The media id of a PUBLISHED container's post, looked up among the user's and remembered; nil when it is not
    /// listed yet.
    private func findPublished(
        _ status: OutgoingStatus, record: ThreadsContainerRecord, user: String, token: String, now: Date
    ) async throws(Stop) -> String? {
        guard let id = try await lookUp(status, since: record.createdAt, user: user, token: token) else { return nil }
        await remember(id, of: record, key: status.idempotencyKey, now: now)
        return id
    }

    /// Records that `record`'s container became post `mediaID`. Best effort: the post is published either way, and
    /// the record only spares a look-up.
    private func remember(_ mediaID: String, of record: ThreadsContainerRecord, key: String, now: Date) async {
        var done = record
        done.mediaID = mediaID
        done.publishedAt = record.publishedAt ?? now
        try? await state.save(done, key: key, now: now)
    }
}
