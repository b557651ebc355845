import Foundation

/// The outcome of the policy gate for one post and one account.
public struct PolicyVerdict: Sendable, Equatable {
    public var hits: [PolicyHit]
    /// The strongest action among hits; nil when nothing hit.
    public var action: PolicyAction?
    /// The latest `until` of the embargoed terms found (rule 3): schedule no earlier than this.
    public var notBefore: Date?
    /// Rule 5: the support account this target must be published with instead.
    public var moveTo: String?

    public init(hits: [PolicyHit] = [], notBefore: Date? = nil, moveTo: String? = nil) {
        self.hits = hits
        self.action = hits.map(\.action).max()
        self.notBefore = notBefore
        self.moveTo = moveTo
    }
}
