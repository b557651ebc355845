import Foundation
import HeraldCore

/// Publishes to a Mastodon account: `POST {base_url}/api/v1/statuses` with the account's access token.
///
/// - **Exactly once.** Every status is sent with `Idempotency-Key` = the status's ``OutgoingStatus/idempotencyKey``,
///   the same across retries and restarts; Mastodon answers a repeated key with the status it already created.
///   Mastodon only keeps keys for about an hour, so an unknown outcome (timeout, dropped connection, crash) is
///   also resolved by looking the status up: ``resolve(_:)`` (after a restart) and the next ``publish(_:now:)`` of a
///   status whose last attempt ended unknown (in memory) read the account's recent statuses
///   (`verify_credentials`, then `GET /api/v1/accounts/:id/statuses`, a few pages of 40) for one with the same
///   text, reply target and content warning created since the status was due (``MastodonStatusPage``). Found: it
///   is published. A complete look-up that finds nothing: not published, sent again (with the same key, which
///   still protects against a request the server is only now processing). A failed look-up: unknown, and the
///   daemon sends it again with the same key, as before.
/// - **Content warning.** ``OutgoingStatus/contentWarning`` is sent as `spoiler_text` on every part of a thread, and
///   counts toward `max_characters` with the text, as Mastodon counts it.
/// - **Lengths.** `/api/v2/instance` is fetched once a day (cached in `STATE/networks/ACCOUNT/mastodon-instance.json`)
///   and its `max_characters`/`characters_reserved_per_url` win over the account's configured ones: a status the
///   instance would refuse fails here, permanently, with both numbers in the reason.
/// - **Rate limits.** `X-RateLimit-Remaining: 0` blocks sending until `X-RateLimit-Reset`; a 429 retries then.
/// - **Replies.** `In-Reply-To:` may be a status id or the status's address on the same instance.
/// - **Media.** Each attachment is uploaded with `POST /api/v2/media` (`file`, `description` = alt text); a 202 is
///   polled on `GET /api/v1/media/:id` until its `url` is set.
///
/// Credentials: `access_token`.
public actor MastodonPublisher: Publisher {
    /// How often an upload still processing (202) is polled (for at most the account's `timeout`).
    static let mediaPollInterval: Duration = .milliseconds(500)

    let account: Account
    private let token: String
    let transport: any HTTPTransport
    let baseURL: String
    private let cacheFile: URL
    private var instance: MastodonInstanceInfo?
    private var instanceLoaded = false
    var rateLimit = WindowRateLimit()
    /// The account's id (`verify_credentials`), fetched by the first look-up and kept for the process's life.
    var accountID: String?
    /// Idempotency keys whose last attempt ended with an unknown outcome in this process: their next publish looks
    /// the status up first, in case the retry comes after Mastodon has forgotten the key.
    private var unknownKeys: Set<String> = []

    public init(context: NetworkContext) throws(NetworkCredentialsError) {
        account = context.account
        token = try context.credentials.require("access_token")
        transport = context.transport
        baseURL = context.baseURL(default: "https://mastodon.social")
        cacheFile = context.stateDirectory.appendingPathComponent("mastodon-instance.json")
    }

    public func rateLimitedUntil(now: Date) async -> Date? { rateLimit.blockedUntil(now: now) }

    public func adoptRateLimit(until: Date) async {
        if rateLimit.reset.map({ $0 < until }) ?? true { rateLimit = WindowRateLimit(remaining: 0, reset: until) }
    }

    public func publish(_ status: OutgoingStatus, now: Date) async -> PublishOutcome {
        if let until = rateLimit.blockedUntil(now: now) {
            return .temporary(reason: "Mastodon rate limit exhausted until \(RFC3339.string(from: until))",
                              retryAfter: until)
        }
        let settings = await instanceSettings(now: now)
        let length = MastodonLength.countableLength(
            status.text, contentWarning: status.contentWarning ?? "", settings: settings)
        if length > settings.maxCharacters {
            return .permanent(reason: "the status counts \(length) characters; the instance allows "
                + "\(settings.maxCharacters)")
        }
        if unknownKeys.contains(status.idempotencyKey) {
            switch await lookUp(status) {
            case .published(let remoteID):
                unknownKeys.remove(status.idempotencyKey)
                return .published(remoteID: remoteID)
            case .notPublished:
                unknownKeys.remove(status.idempotencyKey)
            case .unknown:
                break  // send again; the key still dedupes within Mastodon's hour
            }
        }
        var mediaIDs: [String] = []
        for attachment in status.media {
            switch await upload(attachment, now: now) {
            case .published(let id): mediaIDs.append(id)
            case let other: return other
            }
        }
        var status = status
        status.inReplyTo = status.inReplyTo.map { MastodonReplyTarget.id($0, baseURL: baseURL) }
        let request = HTTPRequest(
            method: "POST", url: baseURL + "/api/v1/statuses",
            headers: authorization + [("Content-Type", "application/json"), ("Idempotency-Key", status.idempotencyKey)],
            body: MastodonStatusBody.make(
                status, visibility: account.mastodonVisibility, spoilerText: status.contentWarning, mediaIDs: mediaIDs),
            timeout: account.timeout)
        switch await transport.send(request) {
        case .failure(.notSent(let reason)):
            return .temporary(reason: "Mastodon not reached: \(reason)", retryAfter: nil)
        case .failure(.unknown(let reason)):
            unknownKeys.insert(status.idempotencyKey)
            return .temporary(reason: "Mastodon outcome unknown (\(reason)); retrying with the same Idempotency-Key",
                              retryAfter: nil)
        case .success(let response):
            rateLimit = WindowRateLimit.mastodon(response)
            return MastodonReply.outcome(response)
        }
    }

    /// Looks the status up among the account's recent statuses (see the type's "Exactly once").
    public func resolve(_ status: OutgoingStatus) async -> Resolution {
        await lookUp(status)
    }

    /// The length settings to check against at `now`: the instance's (cached, fetched again once a day), or the
    /// account's configured ones while the instance has never answered.
    public func instanceSettings(now: Date) async -> MastodonSettings {
        if !instanceLoaded {
            instanceLoaded = true
            if let data = try? AtomicFile.read(cacheFile) {
                instance = try? JSONDecoder().decode(MastodonInstanceInfo.self, from: data)
            }
        }
        if instance == nil || instance!.isStale(now: now) {
            let request = HTTPRequest(method: "GET", url: baseURL + "/api/v2/instance", timeout: account.timeout)
            if case .success(let response) = await transport.send(request), response.status == 200,
               let fetched = MastodonInstanceInfo.parse(response.body, fetchedAt: now) {
                instance = fetched
                if let data = try? JSONEncoder().encode(fetched) { try? AtomicFile.write(data, to: cacheFile) }
            }
        }
        return instance?.settings ?? account.mastodon
    }

    var authorization: [(name: String, value: String)] { [("Authorization", "Bearer \(token)")] }

    /// Uploads one attachment; `.published(id)` carries the media id.
    private func upload(_ attachment: MediaAttachment, now: Date) async -> PublishOutcome {
        let data: [UInt8]
        do {
            data = try attachment.read()
        } catch {
            return .permanent(reason: error.description)
        }
        var form = MultipartFormBody(boundary: "herald-" + UUID().uuidString)
        form.add(name: "file", filename: (attachment.path as NSString).lastPathComponent,
                 mimeType: attachment.mimeType, data: data)
        if let alt = attachment.alt { form.add(name: "description", value: alt) }
        let request = HTTPRequest(
            method: "POST", url: baseURL + "/api/v2/media",
            headers: authorization + [("Content-Type", form.contentType)], body: form.finished,
            timeout: account.timeout)
        let response: HTTPResponse
        switch await transport.send(request) {
        case .failure(let failure):
            // A lost upload only leaves an unattached file on the server: retrying is safe.
            return .temporary(reason: "Mastodon media upload: \(failure)", retryAfter: nil)
        case .success(let answer):
            response = answer
        }
        rateLimit = WindowRateLimit.mastodon(response)
        let outcome = MastodonReply.outcome(response, what: "media")
        guard response.status == 202, case .published(let id) = outcome else { return outcome }
        return await waitUntilProcessed(id)
    }

    /// Polls `GET /api/v1/media/:id` until the upload has a `url` (200), for at most the account's timeout.
    private func waitUntilProcessed(_ id: String) async -> PublishOutcome {
        let deadline = ContinuousClock.now + .seconds(account.timeout)
        while ContinuousClock.now < deadline {
            let request = HTTPRequest(method: "GET", url: baseURL + "/api/v1/media/\(id)", headers: authorization,
                                      timeout: account.timeout)
            if case .success(let response) = await transport.send(request) {
                if response.status == 200 { return .published(remoteID: id) }
                if response.status != 206 { return MastodonReply.outcome(response, what: "media") }
            }
            try? await Task.sleep(for: Self.mediaPollInterval)
        }
        return .temporary(reason: "Mastodon media \(id) still processing after \(Int(account.timeout)) s",
                          retryAfter: nil)
    }
}
