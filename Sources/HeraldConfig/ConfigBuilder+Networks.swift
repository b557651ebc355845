import Foundation
import HeraldCore

extension ConfigBuilder {
    /// Account keys shared by the real networks: `media_dirs`, the absolute directories `Media:` files may come
    /// from (default none: the account takes no media).
    func readNetworkKeys(_ reader: TableReader, into account: inout Account) throws(ConfigError) {
        guard let directories = try reader.strings("media_dirs") else { return }
        for (index, directory) in directories.enumerated() {
            guard directory.hasPrefix("/") else {
                let problem = ConfigProblem.invalidValue(
                    key: "media_dirs[\(index + 1)]", reason: "\"\(directory)\" is not an absolute path")
                throw reader.error(problem, at: [.key("media_dirs"), .index(index)])
            }
        }
        account.mediaDirectories = directories.map(PostMedia.normalized)
    }
}
