import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under the system's temporary directory (`mkdtemp`, mode 0700), removed when the value is
/// released — kept, and its path printed, when `HERALD_TEST_KEEP` is set. Every test target's scratch space.
public final class TemporaryDirectory: Sendable {
    public let path: String

    /// `prefix` names the directory (`herald-store.XXXXXX`), so a kept one says which tests made it.
    public init(_ prefix: String = "herald-tests") throws {
        var base = NSTemporaryDirectory()
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }  // "/tmp/" → "/tmp": no "//" in paths
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TemporaryDirectoryError(prefix: prefix, reason: String(cString: strerror(errno)))
        }
        path = String(cString: made)
    }

    deinit {
        if ProcessInfo.processInfo.environment["HERALD_TEST_KEEP"] == nil {
            try? FileManager.default.removeItem(atPath: path)
        } else {
            FileHandle.standardError.write(Data("herald tests: kept \(path)\n".utf8))
        }
    }

    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// `path/name`.
    public func file(_ name: String) -> String { path + "/" + name }
}

/// `mkdtemp` failed.
public struct TemporaryDirectoryError: Error, CustomStringConvertible {
    public var prefix: String
    public var reason: String
    public var description: String { "cannot make a temporary directory \(prefix).XXXXXX: \(reason)" }
}
