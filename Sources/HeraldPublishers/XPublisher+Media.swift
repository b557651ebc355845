import Foundation

extension XPublisher {
    /// Uploads one attachment (v2 simple upload, JSON body) and sets its alt text; the media id.
    func upload(_ attachment: MediaAttachment, now: Date) async -> Result<String, XMediaFailure> {
        let mime = attachment.mimeType
        let category: String
        switch mime {
        case "image/gif": category = "tweet_gif"
        case "image/jpeg", "image/png", "image/webp": category = "tweet_image"
        default:
            return .failure(XMediaFailure(outcome: .permanent(
                reason: "\(attachment.path): X uploads of \(mime) are not supported (images and GIFs only)")))
        }
        let data: Data
        do {
            data = Data(try attachment.read())
        } catch {
            return .failure(XMediaFailure(outcome: .permanent(reason: error.description)))
        }
        guard data.count <= Self.maximumMediaBytes else {
            return .failure(XMediaFailure(outcome: .permanent(
                reason: "\(attachment.path) is larger than X's \(Self.maximumMediaBytes >> 20) MiB image limit")))
        }
        let body: [String: Any] = [
            "media": data.base64EncodedString(), "media_category": category, "media_type": mime,
        ]
        let uploaded = await jsonRequest("/2/media/upload", body, what: "media upload", now: now)
        guard case .success(let response) = uploaded else {
            if case .failure(let failure) = uploaded { return .failure(failure) }
            return .failure(XMediaFailure(outcome: .temporary(reason: "media upload failed", retryAfter: nil)))
        }
        guard let id = Self.dataID(response.body) else {
            return .failure(XMediaFailure(outcome: .temporary(reason: "media upload without id", retryAfter: nil)))
        }
        if let alt = attachment.alt, !alt.isEmpty {
            let metadata: [String: Any] = ["id": id, "metadata": ["alt_text": ["text": alt]]]
            let answer = await jsonRequest("/2/media/metadata", metadata, what: "alt text", now: now)
            if case .failure(let failure) = answer {
                return .failure(failure)
            }
        }
        return .success(id)
    }

    /// POSTs a JSON object; a 2xx response, or the failure classified (an orphan upload is harmless, so unknown
    /// outcomes are simply temporary).
    private func jsonRequest(
        _ path: String, _ object: [String: Any], what: String, now: Date
    ) async -> Result<HTTPResponse, XMediaFailure> {
        let body = Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
        switch await send("POST", path, json: body, now: now) {
        case .authorization(let failure):
            return .failure(XMediaFailure(outcome: Self.outcome(failure)))
        case .transport(let failure):
            return .failure(XMediaFailure(outcome: .temporary(reason: "X \(what): \(failure)", retryAfter: nil)))
        case .response(let response):
            let limit = XRateLimit(response)  // the upload window is not the posting window: not noted
            let reason = "X \(what) (HTTP \(response.status)): \(XErrorBody(response.body).reason)"
            switch response.status {
            case 200..<300: return .success(response)
            case 429:
                return .failure(XMediaFailure(outcome: .temporary(
                    reason: reason, retryAfter: limit.retryAfterTooManyRequests)))
            case 500...: return .failure(XMediaFailure(outcome: .temporary(reason: reason, retryAfter: nil)))
            case 401: return .failure(XMediaFailure(outcome: .unauthorized(reason: reason)))
            default: return .failure(XMediaFailure(outcome: .permanent(reason: reason)))
            }
        }
    }
}
