import Foundation
import HeraldCore

extension LinkedInPublisher {
    /// Creates the post or comment; its URN.
    func send(
        _ status: OutgoingStatus, placement: Placement, token: String, earlierUnknown: Bool
    ) async throws(Stop) -> String {
        let key = status.idempotencyKey
        let text = LinkedInLittleText.escape(status.text)
        let path: String
        var body: [String: Any]
        switch placement {
        case .post:
            path = "/rest/posts"
            body = [
                "author": account.linkedIn.author, "commentary": text,
                "visibility": account.linkedIn.visibility.apiValue,
                "distribution": [
                    "feedDistribution": "MAIN_FEED", "targetEntities": [] as [Any],
                    "thirdPartyDistributionChannels": [] as [Any],
                ],
                "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": false,
            ]
            if let attachment = status.media.first {
                let image = try await upload(attachment, token: token)
                var media: [String: Any] = ["id": image]
                if let alt = attachment.alt, !alt.isEmpty { media["altText"] = alt }
                body["content"] = ["media": media]
            }
        case .comment(let object):
            guard status.media.isEmpty else {
                throw Stop(outcome: .permanent(reason: "a LinkedIn comment (a thread's later part) takes no media"))
            }
            path = "/rest/socialActions/\(Self.pathSegment(object))/comments"
            body = ["actor": account.linkedIn.author, "object": object, "message": ["text": text]]
        }
        let what = placement == .post ? "the post" : "the comment"
        let request = self.request("POST", path, json: body, token: token)
        switch await transport.send(request) {
        case .failure(.notSent(let reason)):
            throw Stop(outcome: .temporary(reason: "LinkedIn not reached for \(what): \(reason)", retryAfter: nil))
        case .failure(.unknown(let reason)):
            await state.markUnknown(key)
            throw Stop(outcome: .temporary(
                reason: "LinkedIn outcome unknown for \(what) (\(reason)); it is looked up before any retry",
                retryAfter: nil))
        case .success(let response) where response.status == 201 || response.status == 200:
            guard let id = response.header("x-restli-id") ?? response.header("x-linkedin-id")
                    ?? response.jsonField("id")
            else {
                await state.markUnknown(key)
                throw Stop(outcome: .temporary(reason: "LinkedIn created \(what) without saying its id",
                                               retryAfter: nil))
            }
            if case .comment(let object) = placement { return LinkedInURN.comment(id, on: object) }
            return id
        case .success(let response):
            let error = LinkedInErrorBody(response)
            if let existing = error.duplicateOf {
                guard earlierUnknown, await isEarlierAttempt(existing, of: status, token: token) else {
                    throw Stop(outcome: .permanent(reason: "LinkedIn refused the post as a duplicate of \(existing)"))
                }
                return existing
            }
            if response.status >= 500 || response.status == 408 { await state.markUnknown(key) }
            throw Stop(outcome: error.outcome(what: what, retryAfter: response.retryAfter(now: Date())))
        }
    }

    /// Uploads an image (initializeUpload, then PUT); its `urn:li:image:…`. A lost upload only leaves an unused
    /// image behind, so failures here are simply temporary.
    func upload(_ attachment: MediaAttachment, token: String) async throws(Stop) -> String {
        let bytes: [UInt8]
        do {
            bytes = try attachment.read()
        } catch {
            throw Stop(outcome: .permanent(reason: error.description))
        }
        let initialize = request(
            "POST", "/rest/images?action=initializeUpload",
            json: ["initializeUploadRequest": ["owner": account.linkedIn.author]], token: token)
        let answer = try await exchange(initialize, what: "the image upload")
        let value = (try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])?["value"]
            as? [String: Any]
        guard let uploadURL = value?["uploadUrl"] as? String, let image = value?["image"] as? String else {
            throw Stop(outcome: .temporary(reason: "LinkedIn answered initializeUpload without an upload URL",
                                           retryAfter: nil))
        }
        let put = HTTPRequest(
            method: "PUT", url: uploadURL,
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", attachment.mimeType)],
            body: bytes, timeout: account.timeout)
        _ = try await exchange(put, what: "the image bytes")
        return image
    }

    /// Sends a request whose failure has no exactly-once stake; a 2xx response, or the classified failure.
    func exchange(_ request: HTTPRequest, what: String) async throws(Stop) -> HTTPResponse {
        try Self.successful(await transport.send(request), what: what)
    }

    /// A 2xx response, or the classified failure.
    static func successful(_ result: Result<HTTPResponse, HTTPFailure>, what: String) throws(Stop) -> HTTPResponse {
        switch result {
        case .failure(let failure):
            throw Stop(outcome: .temporary(reason: "LinkedIn \(what): \(failure)", retryAfter: nil))
        case .success(let response) where (200..<300).contains(response.status):
            return response
        case .success(let response):
            let error = LinkedInErrorBody(response)
            throw Stop(outcome: error.outcome(what: what, retryAfter: response.retryAfter(now: Date())))
        }
    }

    /// A REST request with the version headers and the token.
    func request(_ method: String, _ path: String, json: [String: Any]? = nil, token: String) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(token)"), ("LinkedIn-Version", account.linkedIn.version),
            ("X-Restli-Protocol-Version", "2.0.0"),
        ]
        var body: [UInt8] = []
        if let json {
            headers.append(("Content-Type", "application/json"))
            body = Array((try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data())
        }
        return HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body, timeout: account.timeout)
    }

    /// A URN as one URL path segment (its `:`, `(`, `,` and `)` percent-encoded, as LinkedIn expects).
    static func pathSegment(_ urn: String) -> String { OAuth1Signer.percentEncode(urn) }
}
