import CSystemd
import Glibc

/// An inotify instance (`inotify(7)`): watches on paths, and the events they produce.
///
/// The descriptor is created close-on-exec and, by default, non-blocking, for use with ``Poller``: wait until
/// ``fd`` is readable, then call ``readEvents()`` until it returns an empty array. It is closed when the instance
/// is deinitialized.
///
/// `Sendable` without `@unchecked`: the only stored state is the immutable descriptor number, and the kernel
/// serializes concurrent `read(2)` and `inotify_add_watch(2)` calls on it. (Two threads reading at once would each
/// get a share of the events, which is why one loop should own the reading.)
public final class Inotify: Sendable {
    /// The inotify file descriptor, for polling. Owned by this instance: do not close it.
    public let fd: Int32

    /// Buffer size for one `read(2)`: room for hundreds of events with names (each at most
    /// `sizeof(struct inotify_event) + NAME_MAX + 1` bytes), so a burst of files drains in few calls.
    static let readBufferSize = 64 * 1024

    /// Creates an inotify instance (`inotify_init1` with `IN_CLOEXEC`, and `IN_NONBLOCK` unless `nonBlocking` is
    /// false, in which case ``readEvents()`` waits for at least one event).
    public init(nonBlocking: Bool = true) throws {
        var flags = Int32(IN_CLOEXEC)
        if nonBlocking {
            flags |= Int32(IN_NONBLOCK)
        }
        let fd = inotify_init1(flags)
        guard fd >= 0 else {
            throw SystemdError.current("inotify_init1")
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Watches `path` for the events in `mask` (plus watch flags such as ``InotifyEvent/Mask/onlyDirectory``) and
    /// returns the watch descriptor that events for it will carry. Watching a path again returns the same
    /// descriptor and replaces its mask (unless ``InotifyEvent/Mask/maskAdd`` is given).
    @discardableResult
    public func addWatch(_ path: String, mask: InotifyEvent.Mask) throws -> Int32 {
        let watch = inotify_add_watch(fd, path, mask.rawValue)
        guard watch >= 0 else {
            throw SystemdError.current("inotify_add_watch", context: path)
        }
        return watch
    }

    /// Removes a watch; an ``InotifyEvent/Mask/ignored`` event for it follows.
    public func removeWatch(_ watch: Int32) throws {
        guard inotify_rm_watch(fd, watch) == 0 else {
            throw SystemdError.current("inotify_rm_watch", context: String(watch))
        }
    }

    /// Reads the events queued now: an empty array when there are none (`EAGAIN` on a non-blocking instance).
    /// Interrupted reads are retried.
    public func readEvents() throws -> [InotifyEvent] {
        try [UInt8](unsafeUninitializedCapacity: Self.readBufferSize) { buffer, initialized in
            initialized = 0
            while true {
                let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if count >= 0 {
                    initialized = count
                    return
                }
                switch errno {
                case EINTR:
                    continue
                case EAGAIN:
                    return
                default:
                    throw SystemdError.current("read", context: "inotify fd \(fd)")
                }
            }
        }
        .withUnsafeBytes { InotifyEvent.parse($0) }
    }
}
