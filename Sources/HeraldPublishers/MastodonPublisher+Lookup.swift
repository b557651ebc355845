import Foundation
import HeraldCore

extension MastodonPublisher {
    /// Statuses asked for per page (Mastodon's maximum).
    static let lookupPageSize = 40
    /// Pages read at most before the look-up gives up (unknown): 200 statuses since the status was due.
    static let lookupPages = 5
    /// How long before its scheduled time a status may have been created and still be this one: clock skew
    /// between this machine and the instance.
    static let lookupSlack: TimeInterval = 300

    /// Whether `status` was published: found among the account's statuses created since it was due (published),
    /// certainly not there (not published), or the look-up failed or did not reach the window's start (unknown).
    /// Only reads; never publishes.
    func lookUp(_ status: OutgoingStatus) async -> Resolution {
        guard let accountID = await ownAccountID() else { return .unknown }
        let inReplyTo = status.inReplyTo.map { MastodonReplyTarget.id($0, baseURL: baseURL) }
        let since = status.scheduledAt.addingTimeInterval(-Self.lookupSlack)
        var maxID: String?
        for _ in 0..<Self.lookupPages {
            var url = baseURL + "/api/v1/accounts/\(Self.pathSegment(accountID))/statuses"
                + "?limit=\(Self.lookupPageSize)&exclude_reblogs=true"
            if let maxID { url += "&max_id=\(Self.pathSegment(maxID))" }
            let request = HTTPRequest(method: "GET", url: url, headers: authorization, timeout: account.timeout)
            guard case .success(let response) = await transport.send(request), response.status == 200,
                  let page = MastodonStatusPage(response.body)
            else { return .unknown }
            switch page.decision(for: status, inReplyTo: inReplyTo, since: since, limit: Self.lookupPageSize) {
            case .found(let id): return .published(remoteID: id)
            case .absent: return .notPublished
            case .next(let next): maxID = next
            }
        }
        return .unknown
    }

    /// The account's id from `GET /api/v1/accounts/verify_credentials`, cached once known; nil when it cannot be
    /// read now.
    private func ownAccountID() async -> String? {
        if let accountID { return accountID }
        let request = HTTPRequest(method: "GET", url: baseURL + "/api/v1/accounts/verify_credentials",
                                  headers: authorization, timeout: account.timeout)
        guard case .success(let response) = await transport.send(request), response.status == 200,
              let id = MastodonReply.id(response)
        else { return nil }
        accountID = id
        return id
    }

    /// An id as a URL path or query segment: Mastodon ids are digits, but nothing from the network goes into a
    /// URL unescaped.
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
    }
}
