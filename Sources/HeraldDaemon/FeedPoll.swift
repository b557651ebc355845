import Foundation
import HeraldCore
import HeraldStore

/// What one poll of a feed brought back to the scheduler loop, which decides what to do with it.
struct FeedPoll: Sendable {
    enum Outcome: Sendable {
        /// `304 Not Modified`, or a local file unchanged since the last read.
        case notModified
        /// The feed's document, read, with the validators to send next time; `movedTo`, the address a permanent
        /// redirect named.
        case document(FeedDocument, etag: String?, lastModified: String?, movedTo: String?)
        /// Nothing usable; `retryAfter` when the server asked to wait (429, 503).
        case failed(String, retryAfter: Date?)
    }

    let feed: String
    /// The `url` or `path` polled: a reload may have pointed the feed elsewhere meanwhile.
    let source: String
    /// What the database remembered of the feed when the poll started; only the loop records polls, one at a time
    /// per feed, so it is still what the database holds when the poll comes back.
    let record: FeedRecord?
    let outcome: Outcome

}

extension FeedPoll.Outcome {
    /// The `result` label of `herald_feed_polls_total`.
    var metricsLabel: String {
        switch self {
        case .notModified: "not_modified"
        case .document: "document"
        case .failed: "failed"
        }
    }
}
