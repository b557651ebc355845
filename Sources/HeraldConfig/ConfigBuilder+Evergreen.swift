import Foundation
import HeraldCore

extension ConfigBuilder {
    /// `evergreen` (an absolute directory of post files that fill empty queue slots) and `evergreen_min_interval`
    /// (default 30 days). An evergreen folder needs `slots`: without a queue grid there is no empty slot to fill.
    /// Whether the directory exists is not checked here: the daemon reports a missing one loudly at run time (a
    /// directory on a mount that comes later must not stop the daemon from starting).
    func readEvergreenKeys(_ reader: TableReader, into account: inout Account) throws(ConfigError) {
        if let seconds = try reader.duration("evergreen_min_interval") {
            guard reader.fields["evergreen"] != nil else {
                throw reader.error(.invalidValue(key: "evergreen_min_interval", reason: "it needs an evergreen folder"),
                                   key: "evergreen_min_interval")
            }
            account.evergreenMinInterval = seconds
        }
        guard let directory = try reader.nonEmptyString("evergreen") else { return }
        guard directory.hasPrefix("/") else {
            throw reader.error(.invalidValue(key: "evergreen", reason: "\"\(directory)\" is not an absolute path"),
                               key: "evergreen")
        }
        guard !account.slots.isEmpty else {
            let reason = "an evergreen folder fills empty queue slots, and the account has no slots"
            throw reader.error(.invalidValue(key: "evergreen", reason: reason), key: "evergreen")
        }
        account.evergreen = directory
    }
}
