/// One policy rule hit as the store records it (`policy_hits`): plain values, so the store does not depend on
/// the policy engine's types.
public struct PolicyHitRecord: Sendable, Equatable {
    public var account: String
    /// The rule's config name (`profanity`, `voice`, `never_reply_to`, …).
    public var rule: String
    /// `warn`, `hold` or `reject`.
    public var action: String
    /// The text as written in the post.
    public var matched: String
    public var part: Int
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(
        account: String, rule: String, action: String, matched: String, part: Int, line: Int?, column: Int?,
        message: String
    ) {
        self.account = account
        self.rule = rule
        self.action = action
        self.matched = matched
        self.part = part
        self.line = line
        self.column = column
        self.message = message
    }
}
