/// One rule hit in one post for one account: what matched, where, and what the rule does about it.
public struct PolicyHit: Sendable, Equatable {
    public var rule: PolicyRule
    public var action: PolicyAction
    public var account: String
    /// The text as written in the post ("f**king").
    public var matched: String
    /// 0-based part of the thread (0 for headers).
    public var part: Int
    /// 1-based line in the post file, when it comes from the file.
    public var line: Int?
    /// 1-based column (in Characters) of the match on that line.
    public var column: Int?
    /// A sentence for humans: `profanity "f**king" (en: fucking)`.
    public var message: String

    public init(
        rule: PolicyRule, action: PolicyAction, account: String, matched: String, part: Int = 0, line: Int? = nil,
        column: Int? = nil, message: String
    ) {
        self.rule = rule
        self.action = action
        self.account = account
        self.matched = matched
        self.part = part
        self.line = line
        self.column = column
        self.message = message
    }
}
