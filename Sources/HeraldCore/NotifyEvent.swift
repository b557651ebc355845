/// What a `[[notify]]` entry can be told about (issue 15): the moments when a post or an account needs a person.
/// The raw values are what `events = [...]` lists and what the payload's `"event"` says.
public enum NotifyEvent: String, Sendable, Hashable, CaseIterable {
    /// A post's target was given up: publishing failed permanently, or `give_up_after` ran out.
    case failed
    /// A post's target waits for an approver (a policy rule with `hold`).
    case held
    /// A held target was not approved in time and will never be published.
    case expired
    /// A post was rejected: at intake (its file moved to `rejected/`), by a policy rule, or by an approver.
    case rejected
    /// The network refused an account's credentials: its posts wait for new ones.
    case paused
    /// An account's credentials expire within the week (or have expired): someone must renew them.
    case credentialsExpiring = "credentials-expiring"
}
