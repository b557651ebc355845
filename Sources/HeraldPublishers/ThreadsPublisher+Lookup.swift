import Foundation
import HeraldCore

extension ThreadsPublisher {
    /// Pages of 100 read at most by a look-up.
    static let lookupPages = 3
    /// Clock skew allowed between this machine and Threads' timestamps.
    static let lookupSlack: TimeInterval = 300

    /// The media id of the user's post (or reply, for a status with a reply target) with the status's text,
    /// created since `since`; nil when the listed window has none.
    func lookUp(
        _ status: OutgoingStatus, since: Date, user: String, token: String
    ) async throws(Stop) -> String? {
        let edge = status.inReplyTo == nil ? "threads" : "replies"
        var after: String?
        for _ in 0..<Self.lookupPages {
            var parameters = ["fields": "id,text,timestamp", "limit": "100"]
            if let after { parameters["after"] = after }
            let response = try await call("GET", "\(Self.segment(user))/\(edge)", parameters, token: token,
                                          what: "the look-up")
            guard let page = ThreadsPostPage(response.body) else {
                throw Stop(outcome: .temporary(reason: "Threads listed the user's posts unreadably", retryAfter: nil))
            }
            switch page.decision(text: status.text, since: since.addingTimeInterval(-Self.lookupSlack)) {
            case .found(let id): return id
            case .absent: return nil
            case .next(let cursor): after = cursor
            }
        }
        throw Stop(outcome: .temporary(reason: "too many Threads posts to list since the container was made",
                                       retryAfter: nil))
    }
}
