import Foundation
import HeraldCore

extension ThreadsPublisher {
    // MARK: Steps

    func accessToken(now: Date) async throws(Stop) -> String {
        let base = baseURL
        let (transport, timeout) = (transport, account.timeout)
        let result = await state.accessToken(initial: initialToken, now: now) { stale in
            await Self.refresh(stale, baseURL: base, transport: transport, timeout: timeout)
        }
        switch result {
        case .success(let token): return token
        case .failure(.refused(let reason)):
            throw Stop(outcome: .unauthorized(reason: "Threads refused to refresh the access token (\(reason))"))
        case .failure(.failed(let reason)):
            throw Stop(outcome: .temporary(reason: "Threads token refresh failed (\(reason))", retryAfter: nil))
        }
    }

    /// `GET /refresh_access_token?grant_type=th_refresh_token`.
    static func refresh(
        _ token: String, baseURL: String, transport: any HTTPTransport, timeout: TimeInterval
    ) async -> Result<(token: String, expiresIn: TimeInterval?), ThreadsRefreshFailure> {
        let query = [("grant_type", "th_refresh_token"), ("access_token", token)]
        let request = HTTPRequest(
            method: "GET", url: baseURL + "/refresh_access_token?" + PercentEncoding.form(query), timeout: timeout)
        switch await transport.send(request) {
        case .failure(let failure):
            return .failure(.failed("\(failure)"))
        case .success(let response) where response.status == 200:
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            guard let fresh = object?["access_token"] as? String, !fresh.isEmpty else {
                return .failure(.failed("the refresh answered without a token"))
            }
            return .success((fresh, (object?["expires_in"] as? NSNumber)?.doubleValue))
        case .success(let response):
            let error = ThreadsGraphError(response)
            return .failure(error.isTokenRefused ? .refused(error.description) : .failed(error.description))
        }
    }

    func userID(token: String) async throws(Stop) -> String {
        if let configuredUserID { return configuredUserID }
        if let known = await state.userID { return known }
        let response = try await call("GET", "me", ["fields": "id"], token: token, what: "the user id")
        guard let id = response.jsonField("id") else {
            throw Stop(outcome: .temporary(reason: "Threads answered /me without an id", retryAfter: nil))
        }
        await state.setUserID(id)
        return id
    }

    func containerStatus(_ container: String, token: String) async throws(Stop) -> ThreadsContainerStatus {
        let response = try await call(
            "GET", Self.segment(container), ["fields": "status,error_message"], token: token,
            what: "the container's status")
        guard let status = ThreadsContainerStatus(body: response.body) else {
            throw Stop(outcome: .temporary(
                reason: "Threads answered container \(container)'s status without one Herald knows", retryAfter: nil))
        }
        return status
    }

    /// Makes the status's container and saves its id before anything else; an unknown outcome is only an orphan
    /// container, which Threads drops after a day.
    func createContainer(
        _ status: OutgoingStatus, user: String, token: String, now: Date
    ) async throws(Stop) -> ThreadsContainerRecord {
        var parameters = ["text": status.text]
        if let attachment = status.media.first {
            guard let base = account.mediaBaseURL,
                  let url = PostMedia.publicURL(of: attachment.path, directories: account.mediaDirectories,
                                                baseURL: base)
            else {
                throw Stop(outcome: .permanent(reason: "\(attachment.path): Threads takes images by public address "
                    + "only, and the account's media_base_url does not cover it"))
            }
            parameters["media_type"] = "IMAGE"
            parameters["image_url"] = url
            if let alt = attachment.alt, !alt.isEmpty { parameters["alt_text"] = alt }
            if status.text.isEmpty { parameters["text"] = nil }
        } else {
            parameters["media_type"] = "TEXT"
        }
        if let reply = status.inReplyTo { parameters["reply_to_id"] = reply }
        let response = try await call("POST", "\(Self.segment(user))/threads", parameters, token: token,
                                      what: "the container", unknownIsTemporary: true)
        guard let container = response.jsonField("id") else {
            throw Stop(outcome: .temporary(reason: "Threads made a container without saying its id", retryAfter: nil))
        }
        let record = ThreadsContainerRecord(container: container, createdAt: now, isReply: status.inReplyTo != nil)
        do {
            try await state.save(record, key: status.idempotencyKey, now: now)
        } catch {
            throw Stop(outcome: .temporary(
                reason: "cannot record Threads container \(container) (\(error)); nothing is published unrecorded",
                retryAfter: nil))
        }
        return record
    }

    /// Polls the container until it is FINISHED, for at most the account's timeout.
    func waitUntilFinished(_ container: String, token: String) async throws(Stop) {
        let deadline = ContinuousClock.now + .seconds(account.timeout)
        var pause = Self.firstPoll
        while true {
            switch try await containerStatus(container, token: token) {
            case .finished:
                return
            case .inProgress:
                guard ContinuousClock.now + pause < deadline else {
                    throw Stop(outcome: .temporary(
                        reason: "Threads is still preparing container \(container)", retryAfter: nil))
                }
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            case .published:
                throw Stop(outcome: .temporary(
                    reason: "container \(container) was published meanwhile; it is looked up next", retryAfter: nil))
            case .expired:
                throw Stop(outcome: .temporary(reason: "container \(container) expired", retryAfter: nil))
            case .error(let message):
                throw Stop(outcome: .permanent(reason: "Threads could not prepare the post: \(message)"))
            }
        }
    }

    /// Asks the publishing limits; a used-up quota stops the attempt until the window moves on.
    func checkLimit(reply: Bool, user: String, token: String, now: Date) async throws(Stop) {
        let response = try await call(
            "GET", "\(Self.segment(user))/threads_publishing_limit", ["fields": ThreadsPublishingLimit.fields],
            token: token, what: "the publishing limit")
        guard let limit = ThreadsPublishingLimit(body: response.body) else {
            throw Stop(outcome: .temporary(reason: "Threads answered the publishing limit unreadably", retryAfter: nil))
        }
        guard limit.allows(reply: reply) else {
            let published = await state.publishedTimes(reply: reply, now: now, window: limit.window)
            let used = reply ? "\(limit.repliesUsed)/\(limit.repliesTotal) replies"
                : "\(limit.postsUsed)/\(limit.postsTotal) posts"
            throw Stop(outcome: .temporary(
                reason: "Threads publishing limit reached (\(used) in 24 hours)",
                retryAfter: limit.retryAfter(now: now, published: published)))
        }
    }

    /// `threads_publish`; an unknown outcome leaves the record, so the next attempt asks the container first.
    func publishContainer(_ container: String, user: String, token: String) async throws(Stop) -> String {
        let response = try await call(
            "POST", "\(Self.segment(user))/threads_publish", ["creation_id": container], token: token,
            what: "the post", unknownIsTemporary: false)
        guard let id = response.jsonField("id") else {
            throw Stop(outcome: .temporary(
                reason: "Threads published without a media id; container \(container) is asked next", retryAfter: nil))
        }
        return id
    }

    // MARK: Plumbing

    /// One Graph call: GET parameters in the query, POST ones form-encoded, the token in `Authorization`. A
    /// non-2xx answer stops with ``ThreadsGraphError``'s outcome; a lost answer is temporary (for
    /// `unknownIsTemporary: false`, saying the container is asked before anything is sent again).
    func call(
        _ method: String, _ path: String, _ parameters: [String: String], token: String, what: String,
        unknownIsTemporary: Bool = true
    ) async throws(Stop) -> HTTPResponse {
        let pairs = parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var url = "\(baseURL)/\(Self.apiVersion)/\(path)"
        var request = HTTPRequest(method: method, url: url, timeout: account.timeout)
        if method == "GET" {
            if !pairs.isEmpty { url += "?" + PercentEncoding.form(pairs) }
            request.url = url
        } else {
            request.headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            request.body = Array(PercentEncoding.form(pairs).utf8)
        }
        request.headers.append(("Authorization", "Bearer \(token)"))
        switch await transport.send(request) {
        case .failure(.notSent(let reason)):
            throw Stop(outcome: .temporary(reason: "Threads not reached for \(what): \(reason)", retryAfter: nil))
        case .failure(.unknown(let reason)):
            let next = unknownIsTemporary ? "" : "; the container's status is asked before anything else"
            throw Stop(outcome: .temporary(reason: "Threads outcome unknown for \(what) (\(reason))\(next)",
                                           retryAfter: nil))
        case .success(let response) where (200..<300).contains(response.status):
            return response
        case .success(let response):
            let error = ThreadsGraphError(response)
            throw Stop(outcome: error.outcome(what: what, retryAfter: response.retryAfter(now: Date())))
        }
    }

    static func segment(_ id: String) -> String { OAuth1Signer.percentEncode(id) }
}

extension ThreadsAccountState {
    func setUserID(_ id: String) { userID = id }
}
