/// How a child process ended.
enum ChildTermination: Sendable, Equatable {
    /// It called `exit` with this status.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)
}
