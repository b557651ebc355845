import Foundation

/// One state object per state file for the whole process (``XAccountState``, ``ThreadsAccountState``,
/// ``LinkedInAccountState``).
///
/// A configuration reload makes new publishers while the old ones may still be publishing. Two states on one file
/// would each load it once and rewrite it whole, losing each other's entries (and, for tokens, refreshing twice);
/// sharing the state keeps one per account across reloads.
final class StateRegistry<State: Sendable & AnyObject>: @unchecked Sendable {  // `states` guarded by `lock`
    private let lock = NSLock()
    private var states: [String: State] = [:]

    /// The state kept in `file`, made by `make` the first time it is asked for.
    func state(file: URL, make: () -> State) -> State {
        let key = file.standardizedFileURL.path
        lock.lock()
        defer { lock.unlock() }
        if let existing = states[key] { return existing }
        let state = make()
        states[key] = state
        return state
    }
}

extension XAccountState {
    static let registry = StateRegistry<XAccountState>()
}
