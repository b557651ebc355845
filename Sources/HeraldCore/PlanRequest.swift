import Foundation

/// One post for one account that the planner may place: a post file without `At:`, once per account it names.
///
/// Cross-posting is simply several requests with the same `postID`: each account is planned on its own, so each
/// copy goes out at its own audience's best moment.
public struct PlanRequest: Sendable, Equatable {
    public var postID: String
    public var account: String
    /// `Not-Before:`; the window never starts before `now`.
    public var notBefore: Date?
    /// `Not-After:`.
    public var notAfter: Date?
    /// Where an earlier plan put this post, if anywhere. Within ``Planner/freeze`` of `now` it is not moved again:
    /// people may already expect it, and a plan that keeps shifting the next post never lets it go out.
    public var scheduledAt: Date?

    public init(postID: String, account: String, notBefore: Date? = nil, notAfter: Date? = nil,
                scheduledAt: Date? = nil) {
        self.postID = postID
        self.account = account
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.scheduledAt = scheduledAt
    }
}
