import Glibc

/// A failed system or libsystemd call, with what was called and why it failed.
///
/// libsystemd reports errors as negative errno values; they are stored here as positive `errno` numbers, like
/// the errors of plain system calls, so both read the same way: `inotify_add_watch(/var/spool/herald/incoming):
/// No such file or directory (errno 2)`.
public enum SystemdError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `call` failed with `errno`; `context` names what it was applied to (a path, a file descriptor), if anything.
    case failed(call: String, errno: Int32, context: String? = nil)
    /// `call` transferred fewer bytes than a complete record (an eventfd or timerfd value is always 8 bytes).
    case shortTransfer(call: String, expected: Int, actual: Int)

    /// The `errno` of a failed call, or `nil` for a short transfer.
    public var errno: Int32? {
        switch self {
        case .failed(_, let errno, _): errno
        case .shortTransfer: nil
        }
    }

    public var description: String {
        switch self {
        case .failed(let call, let errno, let context):
            let subject = context.map { "\(call)(\($0))" } ?? call
            return "\(subject): \(Self.errnoText(errno)) (errno \(errno))"
        case .shortTransfer(let call, let expected, let actual):
            return "\(call): transferred \(actual) bytes, expected \(expected)"
        }
    }

    /// The C library's text for an errno value (`strerror`).
    public static func errnoText(_ errno: Int32) -> String {
        String(cString: strerror(errno))
    }

    /// The error for the current thread's `errno` after `call` failed.
    static func current(_ call: String, context: String? = nil) -> SystemdError {
        .failed(call: call, errno: Glibc.errno, context: context)
    }

    /// The error for a libsystemd call that returned the negative errno `result`.
    static func negative(_ call: String, result: Int32, context: String? = nil) -> SystemdError {
        .failed(call: call, errno: -result, context: context)
    }
}
