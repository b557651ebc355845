import Foundation

/// What a finished child process left behind (see ``ChildProcess``).
struct ChildOutcome: Sendable, Equatable {
    /// How the child ended.
    var termination: ChildTermination
    /// The first bytes of its stdout, up to the runner's limit.
    var stdout: Data
    /// The last bytes of its stderr, up to the runner's limit.
    var stderrTail: Data
    /// Whether the timeout passed and the runner signalled the child's process group.
    var timedOut: Bool
}
