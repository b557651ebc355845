import Foundation
import HeraldCore

extension LinkedInPublisher {
    /// Pages read at most by a look-up.
    static let lookupPages = 3
    static let lookupPageSize = 50
    /// Clock skew allowed between this machine and LinkedIn's timestamps.
    static let lookupSlack: TimeInterval = 300

    /// The URN of the author's post (or the comment on `object`) with the status's text, made since the status
    /// was due; nil when the listed window has none. Only reads.
    func lookUp(_ status: OutgoingStatus, placement: Placement, token: String) async throws(Stop) -> String? {
        let since = status.scheduledAt.addingTimeInterval(-Self.lookupSlack)
        let sent = LinkedInLittleText.escape(status.text)
        for page in 0..<Self.lookupPages {
            let start = page * Self.lookupPageSize
            let path: String
            switch placement {
            case .post:
                path = "/rest/posts?author=\(Self.pathSegment(account.linkedIn.author))&q=author"
                    + "&count=\(Self.lookupPageSize)&start=\(start)&sortBy=CREATED"
            case .comment(let object):
                path = "/rest/socialActions/\(Self.pathSegment(object))/comments?count=\(Self.lookupPageSize)"
                    + "&start=\(start)"
            }
            let response = try await exchange(request("GET", path, token: token), what: "the look-up")
            guard let list = LinkedInListPage(response.body) else {
                throw Stop(outcome: .temporary(reason: "LinkedIn listed posts unreadably", retryAfter: nil))
            }
            switch list.decision(texts: [sent, status.text], since: since, newestFirst: placement == .post) {
            case .found(let id):
                if case .comment(let object) = placement { return LinkedInURN.comment(id, on: object) }
                return id
            case .absent:
                return nil
            case .next:
                continue
            }
        }
        throw Stop(outcome: .temporary(reason: "too many LinkedIn posts to list since the status was due",
                                       retryAfter: nil))
    }
}
