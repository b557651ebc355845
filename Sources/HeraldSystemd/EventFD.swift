import CSystemd
import Glibc

/// A counter as a file descriptor (`eventfd(2)`): wakes a poll loop from another thread.
///
/// ``signal()`` adds 1 and makes ``fd`` readable; ``drain()`` reads and resets the counter. Several signals before
/// a drain coalesce into one wake. Created close-on-exec and non-blocking; closed on deinit. `Sendable` for the
/// same reason as ``Inotify``: the only stored state is an immutable descriptor number, and the kernel makes
/// concurrent writes and reads on it atomic.
public final class EventFD: Sendable {
    /// The eventfd descriptor, for polling. Owned by this instance: do not close it.
    public let fd: Int32

    /// Creates an eventfd with a zero counter.
    public init() throws {
        let fd = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        guard fd >= 0 else {
            throw SystemdError.current("eventfd")
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Adds 1 to the counter, waking whoever polls ``fd``. Safe from any thread.
    public func signal() throws {
        var one: UInt64 = 1
        while true {
            let count = write(fd, &one, MemoryLayout<UInt64>.size)
            if count == MemoryLayout<UInt64>.size {
                return
            }
            if count < 0 && errno == EINTR {
                continue
            }
            // EAGAIN would mean the counter is at its maximum (2^64 - 2): the reader has a wake pending anyway.
            if count < 0 && errno == EAGAIN {
                return
            }
            if count >= 0 {
                throw SystemdError.shortTransfer(call: "write", expected: MemoryLayout<UInt64>.size, actual: count)
            }
            throw SystemdError.current("write", context: "eventfd")
        }
    }

    /// Reads and resets the counter: the number of signals since the last drain, 0 when there were none.
    @discardableResult
    public func drain() throws -> UInt64 {
        while true {
            var value: UInt64 = 0
            let count = read(fd, &value, MemoryLayout<UInt64>.size)
            if count == MemoryLayout<UInt64>.size {
                return value
            }
            if count < 0 && errno == EINTR {
                continue
            }
            if count < 0 && errno == EAGAIN {
                return 0
            }
            if count >= 0 {
                throw SystemdError.shortTransfer(call: "read", expected: MemoryLayout<UInt64>.size, actual: count)
            }
            throw SystemdError.current("read", context: "eventfd")
        }
    }
}
