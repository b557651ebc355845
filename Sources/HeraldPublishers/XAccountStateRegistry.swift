import Foundation

/// One ``XAccountState`` per unknown-outcomes file for the whole process.
///
/// A configuration reload makes new publishers while the old ones may still be publishing. Two states on one
/// file would each load it once and rewrite their whole set, losing each other's keys; sharing the state keeps
/// one set of unknown outcomes (and one rate-limit window) per account across reloads.
final class XAccountStateRegistry: @unchecked Sendable {  // state guarded by `lock`
    static let shared = XAccountStateRegistry()

    private let lock = NSLock()
    private var states: [String: XAccountState] = [:]

    /// The state kept in `file`, made the first time it is asked for.
    func state(file: URL) -> XAccountState {
        let key = file.standardizedFileURL.path
        lock.lock()
        defer { lock.unlock() }
        if let existing = states[key] { return existing }
        let state = XAccountState(userID: nil, file: file)
        states[key] = state
        return state
    }
}
