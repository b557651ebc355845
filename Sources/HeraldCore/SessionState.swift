/// Where a delegated session stands at a given instant: what `herald sessions` shows, and whether the
/// disclosure rules apply to a status claimed now.
public enum SessionState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Before `start`: only the announcement may already be out (when `announce_at` is earlier).
    case upcoming
    /// From `start` (included) to `end` (excluded): reminders and `#team` apply.
    case active
    /// From `end` on: only the closing status is left to publish.
    case ended
}
