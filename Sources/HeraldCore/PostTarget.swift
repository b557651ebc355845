import Foundation

/// A post bound for one account, with its times resolved to instants (local times without a zone in that
/// account's zone, `now` as the validation time). A post file naming three accounts has three targets.
public struct PostTarget: Sendable, Equatable {
    public var account: Account
    /// When to publish, from `At:`; nil means the next free slot or the planner's choice.
    public var at: Date?
    public var notBefore: Date?
    public var notAfter: Date?
    /// `Language:`, or the account's language when the file has none.
    public var language: String

    public init(account: Account, at: Date? = nil, notBefore: Date? = nil, notAfter: Date? = nil, language: String) {
        self.account = account
        self.at = at
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.language = language
    }
}
