/// What can go wrong in the state database, with what a user needs to act on it.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// SQLite itself failed (I/O, corruption, permissions).
    case database(path: String, reason: String)
    /// A post with the same `Id:` already exists for this account.
    case duplicateID(id: String, account: String, existingPost: String)
    /// `herald cancel` named a post that does not exist.
    case noSuchPost(String)
    /// An attempt's outcome was already settled elsewhere: another node took the account over (its lease ran
    /// out here) and resolved the attempt this node left in flight (issue 17). Nothing was recorded.
    case attemptSettled(attemptID: Int64, account: String)

    public var description: String {
        switch self {
        case let .database(path, reason): "\(path): database error: \(reason)"
        case let .duplicateID(id, account, existing):
            "duplicate Id \"\(id)\" for account \(account): already used by post \(existing)"
        case let .noSuchPost(id): "no post with id \(id)"
        case let .attemptSettled(attempt, account):
            "attempt \(attempt) of account \(account) was already settled by the node that took the account over"
        }
    }
}
