import Foundation
import HeraldCore

extension XPublisher {
    /// How many pages of 100 posts a look-up reads before giving up (answering "cannot tell").
    static let lookupPages = 5
    /// How long before its scheduled time a status may carry as `created_at` (clock skew between Herald and X).
    static let clockSkew: TimeInterval = 300

    /// Looks `status` up among the user's posts created since it was scheduled (`GET /2/users/:id/tweets`).
    /// ``XLookup/absent`` only when X listed that whole window and the status is not in it.
    func lookUp(_ status: OutgoingStatus, now: Date) async -> XLookup {
        let userID: String
        switch await currentUserID(now: now) {
        case .success(let id): userID = id
        case .failure(let failure):
            return failure.unauthorized ? .unauthorized(failure.reason) : .failed(failure.reason)
        }
        let since = status.scheduledAt.addingTimeInterval(-Self.clockSkew)
        let start = RFC3339.string(from: Date(timeIntervalSince1970: since.timeIntervalSince1970.rounded(.down)))
        var token: String?
        for _ in 0..<Self.lookupPages {
            var query = [
                ("max_results", "100"), ("start_time", start),
                ("tweet.fields", "created_at,referenced_tweets,attachments"),
            ]
            if let token { query.append(("pagination_token", token)) }
            switch await send("GET", "/2/users/\(userID)/tweets", query: query, now: now) {
            case .response(let response) where response.status == 200:
                guard let page = XTimelinePage(response.body) else { return .failed("unreadable timeline") }
                if let id = page.match(status, since: since) { return .found(id: id) }
                guard let next = page.nextToken else { return .absent }
                token = next
            case .response(let response):
                let reason = "timeline: HTTP \(response.status): \(XErrorBody(response.body).reason)"
                return response.status == 401 ? .unauthorized(reason) : .failed(reason)
            case .transport(let failure):
                return .failed("timeline: \(failure)")
            case .authorization(.permanent(let reason)):
                return .unauthorized("timeline: \(reason)")
            case .authorization(.temporary(let reason)):
                return .failed("timeline: \(reason)")
            }
        }
        return .failed("more than \(Self.lookupPages * 100) posts since the status was scheduled")
    }

    /// `user_id` from the credentials, else `GET /2/users/me` (cached).
    private func currentUserID(now: Date) async -> Result<String, XLookupFailure> {
        if let id = configuredUserID { return .success(id) }
        if let id = await state.cachedUserID() { return .success(id) }
        switch await send("GET", "/2/users/me", now: now) {
        case .response(let response) where response.status == 200:
            guard let id = Self.dataID(response.body) else { return .failure(XLookupFailure("users/me without id")) }
            await state.remember(userID: id)
            return .success(id)
        case .response(let response):
            return .failure(XLookupFailure(
                "users/me: HTTP \(response.status): \(XErrorBody(response.body).reason)",
                unauthorized: response.status == 401))
        case .transport(let failure):
            return .failure(XLookupFailure("users/me: \(failure)"))
        case .authorization(.permanent(let reason)):
            return .failure(XLookupFailure("users/me: \(reason)", unauthorized: true))
        case .authorization(.temporary(let reason)):
            return .failure(XLookupFailure("users/me: \(reason)"))
        }
    }
}

/// Why the user's id could not be found.
struct XLookupFailure: Error, Sendable {
    let reason: String
    /// X refused the credentials.
    let unauthorized: Bool
    init(_ reason: String, unauthorized: Bool = false) {
        self.reason = reason
        self.unauthorized = unauthorized
    }
}
