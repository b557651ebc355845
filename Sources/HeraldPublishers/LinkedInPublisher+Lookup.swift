import Foundation
import HeraldCore

extension LinkedInPublisher {
    /// Pages read at most by a look-up.
    static let lookupPages = 3
    static let lookupPageSize = 50
    /// Clock skew allowed between this machine and LinkedIn's timestamps.
    static let lookupSlack: TimeInterval = 300

    /// What a look-up found.
    enum Lookup: Equatable {
        case found(String)
        /// The listed window has no such post.
        case absent
        /// LinkedIn does not let this app read posts or comments (403: `r_member_social` is for approved partners).
        case unavailable
    }

    /// The URN of the author's post (or the comment on `object`) with the status's text, made since the status
    /// was due. Only reads.
    func lookUp(_ status: OutgoingStatus, placement: Placement, token: String) async throws(Stop) -> Lookup {
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
            let listed = await transport.send(request("GET", path, token: token))
            if case .success(let answer) = listed, answer.status == 403 { return .unavailable }
            let response = try Self.successful(listed, what: "the look-up")
            guard let list = LinkedInListPage(response.body) else {
                throw Stop(outcome: .temporary(reason: "LinkedIn listed posts unreadably", retryAfter: nil))
            }
            switch list.decision(texts: [sent, status.text], since: since, newestFirst: placement == .post) {
            case .found(let id):
                if case .comment(let object) = placement { return .found(LinkedInURN.comment(id, on: object)) }
                return .found(id)
            case .absent:
                return .absent
            case .next:
                continue
            }
        }
        throw Stop(outcome: .temporary(reason: "too many LinkedIn posts to list since the status was due",
                                       retryAfter: nil))
    }

    /// Whether the post LinkedIn names as the duplicate of a retry is the earlier attempt's: made since the status
    /// was due (LinkedIn also refuses text that repeats an older post, even a deleted one). When the app may not
    /// read posts, LinkedIn's word is taken.
    func isEarlierAttempt(_ urn: String, of status: OutgoingStatus, token: String) async -> Bool {
        let answer = await transport.send(request("GET", "/rest/posts/\(Self.pathSegment(urn))", token: token))
        guard case .success(let response) = answer else { return true }
        switch response.status {
        case 200:
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            guard let millis = (object?["createdAt"] as? NSNumber)?.doubleValue else { return true }
            let created = Date(timeIntervalSince1970: millis / 1000)
            return created >= status.scheduledAt.addingTimeInterval(-Self.lookupSlack)
        case 404, 410:
            return false
        default:
            return true
        }
    }
}
