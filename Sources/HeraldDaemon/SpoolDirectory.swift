import Foundation

/// The spool's layout (DESIGN, Spool contract): `incoming/` where files are dropped, `rejected/` where refused
/// files go with their `.error` companions.
public struct SpoolDirectory: Sendable {
    public var root: String

    public init(root: String) {
        self.root = root
    }

    public var incoming: String { (root as NSString).appendingPathComponent("incoming") }
    public var rejected: String { (root as NSString).appendingPathComponent("rejected") }
    /// The daemon's answers to `*.approval` files (`NAME.reply`), for `herald approve` / `herald reject` to read.
    public var replies: String { (root as NSString).appendingPathComponent("replies") }

    /// Whether a name in `incoming/` is a candidate post file: `*.post`, not hidden (hidden names are how writers
    /// stage a file before renaming it in).
    public static func isCandidate(_ name: String) -> Bool {
        !name.hasPrefix(".") && name.hasSuffix(".post") && name.count > 5
    }

    /// Creates the spool directories when missing. Existing directories keep their modes and owners (a packaged
    /// install sets them through tmpfiles.d).
    public func create() throws(DaemonError) {
        for path in [root, incoming, rejected, replies] {
            var info = stat()
            if lstat(path, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .spool(path: path, reason: "not a directory") }
                continue
            }
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw .spool(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }
}
