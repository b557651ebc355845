#if canImport(Glibc)
import Glibc
#endif

/// A failed system call on a file, with what was being done, to which path, and the errno.
enum FileSystemError: Error, Equatable, CustomStringConvertible {
    /// `operation` (`open`, `write`, `fsync`, `link`, …) on `path` failed with `errno`.
    case failed(operation: String, path: String, errno: Int32)
    /// `path` exists but is not a directory where one was needed.
    case notADirectory(path: String)
    /// `path` is larger than a file Herald would have written there.
    case tooLarge(path: String, limit: Int)

    /// Captures the current `errno` for `operation` on `path`.
    static func last(_ operation: String, _ path: String) -> FileSystemError {
        .failed(operation: operation, path: path, errno: errno)
    }

    /// The errno, for failures that came from a system call.
    var code: Int32? {
        if case .failed(_, _, let code) = self { return code }
        return nil
    }

    var description: String {
        switch self {
        case .failed(let operation, let path, let code):
            "\(operation) \(path): \(String(cString: strerror(code)))"
        case .notADirectory(let path):
            "\(path) is not a directory"
        case .tooLarge(let path, let limit):
            "\(path) is larger than \(limit) bytes"
        }
    }
}
