/// How one attempt to deliver a notification ended.
public enum NotifySendOutcome: Sendable, Equatable {
    /// The receiver acknowledged it: a 2xx answer, or the command's exit status 0.
    case acknowledged
    /// Anything else (an error status, no answer, a failing command): retried with the daemon's backoff. The reason
    /// is for the journal and the database; it never holds the secret.
    case refused(reason: String)
}
