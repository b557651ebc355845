/// A rule's setting in config: one of the actions, or `off` (the rule is not checked at all).
public enum PolicySetting: String, Sendable, Equatable, CaseIterable {
    case off, warn, hold, reject

    /// The action when the rule is on; nil when it is off.
    public var action: PolicyAction? { PolicyAction(rawValue: rawValue) }
}
