import Foundation

/// What the loop remembers between two looks at the evergreen folders (`DaemonLoop+Evergreen`).
struct EvergreenState {
    /// When to look again; nil: at the next step.
    var nextCheck: Date?
    /// Problems already logged (`account/file/content hash`, or `account/slot`), so each is logged once.
    var logged: Set<String> = []
}
