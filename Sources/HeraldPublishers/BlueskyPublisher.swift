import Foundation
import HeraldCore

/// Publishes to a Bluesky account through its PDS (`base_url`, e.g. `https://bsky.social`) with XRPC.
///
/// - **Session.** One `com.atproto.server.createSession` with the app password, then the session is kept in
///   `STATE/networks/ACCOUNT/bluesky-session.json` and renewed with `refreshSession` when the PDS answers
///   `ExpiredToken`; a refused refresh logs in again. Posts and restarts reuse the saved session (app passwords
///   allow few logins a day). Renewals are single-flight, and each new pair is saved before it is used. A refused
///   login (or a 401 after a renewal) is ``PublishOutcome/unauthorized(reason:)``: the daemon pauses the account.
/// - **Exactly once.** The record key is derived from the status's idempotency key (``BlueskyRecordKey``), so a
///   retry after an unknown outcome asks for the same record: the PDS refuses a taken key, and Herald reads the
///   existing record (`getRecord`) and takes it as published when its text is the status's. ``resolve(_:)`` looks
///   the record up the same way: found → published, `RecordNotFound` → not published.
/// - **Remote ids** are the records' `at://` URIs. A reply reads its parent with `getRecord` for the parent's CID
///   and the thread's root (the parent's own `reply.root`, or the parent itself), so threads need no extra state.
/// - **Facets** come from ``BlueskyFacets``; mentions are resolved with `com.atproto.identity.resolveHandle`, and
///   a handle that does not resolve stays plain text.
/// - **Rate limits.** `ratelimit-remaining: 0` blocks sending until `ratelimit-reset` (epoch seconds); a 429
///   retries then.
/// - **Media.** Each attachment goes up with `com.atproto.repo.uploadBlob` and into an `app.bsky.embed.images`
///   embed with its alt text.
///
/// Credentials: `identifier` (handle or DID) and `app_password`.
public actor BlueskyPublisher: Publisher {
    /// Ends a step of a publish with its outcome.
    struct Stop: Error {
        let outcome: PublishOutcome
    }

    let account: Account
    private let identifier: String
    private let password: String
    private let transport: any HTTPTransport
    private let baseURL: String
    private let sessionFile: URL
    private var session: BlueskySession?
    private var sessionLoaded = false
    private var renewal: Task<Result<BlueskySession, Stop>, Never>?
    var rateLimit = WindowRateLimit()

    public init(context: NetworkContext) throws(NetworkCredentialsError) {
        account = context.account
        identifier = try context.credentials.require("identifier")
        password = try context.credentials.require("app_password")
        transport = context.transport
        baseURL = context.baseURL(default: "https://bsky.social")
        sessionFile = context.stateDirectory.appendingPathComponent("bluesky-session.json")
    }

    public func rateLimitedUntil(now: Date) async -> Date? { rateLimit.blockedUntil(now: now) }

    public func adoptRateLimit(until: Date) async {
        if rateLimit.reset.map({ $0 < until }) ?? true { rateLimit = WindowRateLimit(remaining: 0, reset: until) }
    }

    public func publish(_ status: OutgoingStatus, now: Date) async -> PublishOutcome {
        if let until = rateLimit.blockedUntil(now: now) {
            return .temporary(reason: "Bluesky rate limit exhausted until \(RFC3339.string(from: until))",
                              retryAfter: until)
        }
        do throws(Stop) {
            let rkey = BlueskyRecordKey.derive(from: status.idempotencyKey)
            let reply = try await replyReferences(status.inReplyTo)
            let facets = BlueskyFacets.detect(in: status.text)
            let dids = try await resolveMentions(facets)
            var images: [BlueskyPostRecord.Image] = []
            for attachment in status.media { images.append(try await upload(attachment)) }
            let encodedFacets = BlueskyPostRecord.facets(facets, dids: dids)
            let response = try await authorized(what: "the post") { session in
                HTTPRequest(
                    method: "POST", url: self.xrpc("com.atproto.repo.createRecord"),
                    headers: [("Content-Type", "application/json")],
                    body: BlueskyPostRecord.body(
                        repo: session.did, rkey: rkey, text: status.text, createdAt: now, language: status.language,
                        facets: encodedFacets, reply: reply, images: images),
                    timeout: self.account.timeout)
            }
            rateLimit = WindowRateLimit.bluesky(response)
            if response.status == 200 {
                guard let uri = Self.field("uri", of: response.body) else {
                    return .temporary(reason: "Bluesky created the post but answered no uri", retryAfter: nil)
                }
                return .published(remoteID: uri)
            }
            let error = BlueskyXRPCError(response)
            if error.isRecordExists { return try await existing(rkey: rkey, status: status) }
            return error.outcome(response, what: "the post")
        } catch {
            return error.outcome
        }
    }

    public func resolve(_ status: OutgoingStatus) async -> Resolution {
        loadSession()
        let rkey = BlueskyRecordKey.derive(from: status.idempotencyKey)
        let repo = session?.did ?? identifier
        let uri = BlueskyPostURI(repo: repo, rkey: rkey)
        do throws(Stop) {
            switch try await record(uri) {
            case .some((let found, _, let text)) where text == status.text: return .published(remoteID: found)
            case .some: return .unknown
            case .none: return .notPublished
            }
        } catch {
            return .unknown
        }
    }

    // MARK: Steps

    nonisolated func xrpc(_ method: String) -> String { baseURL + "/xrpc/" + method }

    /// The record already stored under `rkey`: published when it is this status, a permanent failure otherwise.
    private func existing(rkey: String, status: OutgoingStatus) async throws(Stop) -> PublishOutcome {
        let repo = try await currentSession().did
        guard let found = try await record(BlueskyPostURI(repo: repo, rkey: rkey)) else {
            return .temporary(reason: "Bluesky says record \(rkey) exists but it cannot be read yet", retryAfter: nil)
        }
        let (uri, _, text) = found
        guard text == status.text else {
            return .permanent(reason: "Bluesky record key \(rkey) is taken by a different post (\(uri))")
        }
        return .published(remoteID: uri)
    }

    /// `getRecord`: the record's uri, cid and text, or nil when it does not exist.
    private func record(_ uri: BlueskyPostURI) async throws(Stop) -> (String, String, String)? {
        try await recordValue(uri).map { ($0.uri, $0.cid, $0.value["text"] as? String ?? "") }
    }

    /// `getRecord`: the record's uri, cid and whole value, or nil when it does not exist (`RecordNotFound`).
    private func recordValue(_ uri: BlueskyPostURI) async throws(Stop)
        -> (uri: String, cid: String, value: [String: Any])?
    {
        var components = URLComponents(string: xrpc("com.atproto.repo.getRecord"))
        components?.queryItems = [
            URLQueryItem(name: "repo", value: uri.repo), URLQueryItem(name: "collection", value: uri.collection),
            URLQueryItem(name: "rkey", value: uri.rkey),
        ]
        let request = HTTPRequest(method: "GET", url: components?.string ?? "", timeout: account.timeout)
        let response = try await send(request, what: "the record lookup")
        guard response.status == 200 else {
            let error = BlueskyXRPCError(response)
            if error.isNotFound || (response.status == 400 && error.name == "InvalidRequest") { return nil }
            throw Stop(outcome: error.outcome(response, what: "the record lookup"))
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let found = object["uri"] as? String, let cid = object["cid"] as? String,
              let value = object["value"] as? [String: Any]
        else {
            throw Stop(outcome: .temporary(reason: "Bluesky getRecord answered without uri, cid or value",
                                           retryAfter: nil))
        }
        return (found, cid, value)
    }

    /// Root and parent of a reply to `inReplyTo` (an `at://` URI), or nil for a status that replies to nothing.
    private func replyReferences(_ inReplyTo: String?) async throws(Stop)
        -> (root: BlueskyStrongRef, parent: BlueskyStrongRef)?
    {
        guard let inReplyTo else { return nil }
        guard let uri = BlueskyPostURI(inReplyTo) else {
            throw Stop(outcome: .permanent(
                reason: "In-Reply-To \(inReplyTo) is neither an at:// post URI nor a bsky.app post address"))
        }
        guard let parent = try await recordValue(uri) else {
            throw Stop(outcome: .permanent(reason: "the post replied to (\(inReplyTo)) does not exist"))
        }
        let parentRef = BlueskyStrongRef(uri: parent.uri, cid: parent.cid)
        if let reply = parent.value["reply"] as? [String: Any], let root = reply["root"] as? [String: Any],
           let rootURI = root["uri"] as? String, let rootCID = root["cid"] as? String {
            return (BlueskyStrongRef(uri: rootURI, cid: rootCID), parentRef)
        }
        return (parentRef, parentRef)
    }

    /// The DIDs of the mentioned handles that resolve (lower-cased handle → DID).
    private func resolveMentions(_ facets: [BlueskyFacet]) async throws(Stop) -> [String: String] {
        var dids: [String: String] = [:]
        for facet in facets {
            guard case .mention(let handle) = facet.feature, dids[handle.lowercased()] == nil else { continue }
            var components = URLComponents(string: xrpc("com.atproto.identity.resolveHandle"))
            components?.queryItems = [URLQueryItem(name: "handle", value: handle.lowercased())]
            let request = HTTPRequest(method: "GET", url: components?.string ?? "", timeout: account.timeout)
            let response = try await send(request, what: "resolving @\(handle)")
            if response.status == 200, let did = Self.field("did", of: response.body) {
                dids[handle.lowercased()] = did
            } else if response.status == 429 || response.status >= 500 {
                throw Stop(outcome: BlueskyXRPCError(response).outcome(response, what: "resolving @\(handle)"))
            }
        }
        return dids
    }

    private func upload(_ attachment: MediaAttachment) async throws(Stop) -> BlueskyPostRecord.Image {
        let data: [UInt8]
        do {
            data = try attachment.read()
        } catch {
            throw Stop(outcome: .permanent(reason: error.description))
        }
        let response = try await authorized(what: "the media upload") { _ in
            HTTPRequest(method: "POST", url: self.xrpc("com.atproto.repo.uploadBlob"),
                        headers: [("Content-Type", attachment.mimeType)], body: data,
                        timeout: self.account.timeout)
        }
        rateLimit = WindowRateLimit.bluesky(response)
        guard response.status == 200,
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let blob = object["blob"], let encoded = try? JSONSerialization.data(withJSONObject: blob)
        else {
            throw Stop(outcome: BlueskyXRPCError(response).outcome(response, what: "the media upload"))
        }
        return BlueskyPostRecord.Image(blob: Array(encoded), alt: attachment.alt ?? "")
    }

    // MARK: Session

    private func loadSession() {
        guard !sessionLoaded else { return }
        sessionLoaded = true
        session = BlueskySession.load(from: sessionFile)
    }

    private func currentSession() async throws(Stop) -> BlueskySession {
        loadSession()
        if let session { return session }
        return try await renewed(from: nil)
    }

    /// Sends an authenticated request; on `ExpiredToken` renews the session once and sends it again (the PDS did
    /// nothing with the expired one).
    func authorized(
        what: String, _ make: (BlueskySession) -> HTTPRequest
    ) async throws(Stop) -> HTTPResponse {
        var current = try await currentSession()
        var renewedOnce = false
        while true {
            var request = make(current)
            request.headers.append(("Authorization", "Bearer \(current.accessJwt)"))
            let response = try await send(request, what: what)
            guard !renewedOnce, response.status == 400 || response.status == 401,
                  BlueskyXRPCError(response).isExpiredToken || BlueskyXRPCError(response).name == "InvalidToken"
            else { return response }
            renewedOnce = true
            current = try await renewed(from: current)
        }
    }

    /// A fresh session replacing `stale` (refreshed, or a new login when there is none or the refresh is refused);
    /// concurrent callers share one renewal.
    private func renewed(from stale: BlueskySession?) async throws(Stop) -> BlueskySession {
        if let session, session != stale { return session }
        if let renewal { return try await renewal.value.get() }
        let task = Task { await self.renew(stale) }
        renewal = task
        let result = await task.value
        renewal = nil
        return try result.get()
    }

    private func renew(_ stale: BlueskySession?) async -> Result<BlueskySession, Stop> {
        do throws(Stop) {
            if let stale {
                let request = HTTPRequest(
                    method: "POST", url: xrpc("com.atproto.server.refreshSession"),
                    headers: [("Authorization", "Bearer \(stale.refreshJwt)")], timeout: account.timeout)
                let response = try await send(request, what: "the session refresh")
                if response.status == 200, let fresh = BlueskySession.parse(response.body) {
                    return .success(keep(fresh))
                }
                if response.status == 429 || response.status >= 500 {
                    return .failure(Stop(outcome: BlueskyXRPCError(response).outcome(
                        response, what: "the session refresh")))
                }
                // Refused (expired or revoked refresh token): log in again.
            }
            let body = (try? JSONSerialization.data(withJSONObject: ["identifier": identifier, "password": password]))
                ?? Data()
            let request = HTTPRequest(
                method: "POST", url: xrpc("com.atproto.server.createSession"),
                headers: [("Content-Type", "application/json")], body: Array(body), timeout: account.timeout)
            let response = try await send(request, what: "the login")
            guard response.status == 200, let fresh = BlueskySession.parse(response.body) else {
                let error = BlueskyXRPCError(response)
                if (400..<500).contains(response.status), response.status != 408, response.status != 429 {
                    // Every refused login (wrong or revoked app password, unknown handle) needs new credentials.
                    return .failure(Stop(outcome: .unauthorized(
                        reason: "Bluesky refused the login (\(error.description))")))
                }
                return .failure(Stop(outcome: error.outcome(response, what: "the login")))
            }
            return .success(keep(fresh))
        } catch {
            return .failure(error)
        }
    }

    /// Makes `fresh` the session and saves it; a session that cannot be saved is still used (the next start logs
    /// in again).
    private func keep(_ fresh: BlueskySession) -> BlueskySession {
        session = fresh
        try? fresh.save(to: sessionFile)
        return fresh
    }

    /// Sends a request; a request that never arrived or whose fate is unknown is a temporary failure (the rkey
    /// makes the retry safe).
    private func send(_ request: HTTPRequest, what: String) async throws(Stop) -> HTTPResponse {
        switch await transport.send(request) {
        case .success(let response):
            return response
        case .failure(.notSent(let reason)):
            throw Stop(outcome: .temporary(reason: "Bluesky not reached for \(what): \(reason)", retryAfter: nil))
        case .failure(.unknown(let reason)):
            throw Stop(outcome: .temporary(
                reason: "Bluesky outcome unknown for \(what) (\(reason)); the retry reuses the record key",
                retryAfter: nil))
        }
    }

    static func field(_ name: String, of body: [UInt8]) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?[name] as? String
    }
}
