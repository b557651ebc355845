import Foundation
import HeraldCore

/// What the loop remembers between two looks at the evergreen folders (`DaemonLoop+Evergreen`).
struct EvergreenState {
    /// When to look again; nil: at the next step.
    var nextCheck: Date?
    /// The accounts as last looked at: a reload that changes them is looked at right away.
    var accounts: [Account] = []
    /// Problems already logged (`account/file/content hash`, or `account/slot`), so each is logged once.
    var logged: Set<String> = []
}
