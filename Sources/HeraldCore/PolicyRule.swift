/// The rules of the policy gate (issue 6). Raw values are the names used in config keys, `herald check` output,
/// and the journal's `HERALD_RULE` field.
public enum PolicyRule: String, Sendable, Equatable, CaseIterable {
    case profanity, voice, confidential, embargo, neverReplyTo = "never_reply_to", support, submitters
}
