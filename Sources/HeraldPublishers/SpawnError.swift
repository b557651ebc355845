#if canImport(Glibc)
import Glibc
#endif

/// Why a child process could not be run at all.
enum SpawnError: Error, Equatable, CustomStringConvertible {
    /// The command itself cannot be started: missing, not executable, not a valid executable (`posix_spawnp`'s
    /// errno). Retrying will not help until the configuration changes.
    case cannotStart(command: String, errno: Int32)
    /// The daemon lacks a resource to start it (pipes, processes: EMFILE, EAGAIN, ENOMEM), or the executable is
    /// being written (ETXTBSY); may pass.
    case noResources(operation: String, errno: Int32)
    /// The argv was empty.
    case emptyCommand

    var description: String {
        switch self {
        case .cannotStart(let command, let code):
            "cannot run \(command): \(String(cString: strerror(code)))"
        case .noResources(let operation, let code):
            "\(operation) failed: \(String(cString: strerror(code)))"
        case .emptyCommand:
            "the command is empty"
        }
    }
}
