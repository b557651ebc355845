import Foundation
import HeraldIO

/// A spool file read safely: its bytes and the identity needed to accept it exactly once.
public struct SpoolFile: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public var ownerUID: UInt32
    public var device: UInt64
    public var inode: UInt64
    public var modifiedNanoseconds: Int64

    /// Identifies this exact file (not just its name or content): device, inode, size, mtime and a content hash.
    /// A crash between commit and unlink leaves the same file, with the same key, in `incoming/`.
    public var spoolKey: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "\(device):\(inode):\(bytes.count):\(modifiedNanoseconds):\(String(hash, radix: 16))"
    }
}

/// fcntl(2)'s F_SETLEASE (F_LINUX_SPECIFIC_BASE + 0); Glibc only declares it under _GNU_SOURCE.
private let F_SETLEASE: Int32 = 1024

/// What reading a name in `incoming/` found.
public enum SpoolReadResult: Sendable {
    case file(SpoolFile)
    /// Refused for good (link, FIFO, directory, hard link, too large…): move it to `rejected/` with this reason.
    case refused(String)
    /// Still being written by someone: leave it for its close-write event or the next rescan.
    case busy
    /// Gone before we could read it (renamed or removed by its writer).
    case vanished
}

/// Opens spool files the way DESIGN's Spool contract requires: never following links, only regular files with
/// one link, at most 64 KiB, never while another process still has them open for writing.
public enum SpoolFileReader {
    public static let maximumSize = 64 * 1024

    /// Why a file was picked up, which decides how sure we must be that its writer is done.
    public enum Trigger: Sendable {
        /// IN_CLOSE_WRITE or IN_MOVED_TO: the writer closed or renamed it in.
        case closed
        /// Found by a rescan: it may be in the middle of being written.
        case scan
    }

    /// Reads `name` relative to the directory `directoryFD`.
    public static func read(name: String, in directoryFD: Int32, trigger: Trigger, now: Date) -> SpoolReadResult {
        var before = stat()
        guard fstatat(directoryFD, name, &before, AT_SYMLINK_NOFOLLOW) == 0 else {
            return errno == ENOENT ? .vanished : .refused("cannot stat: \(String(cString: strerror(errno)))")
        }
        // Refuse by type before opening: opening a device or FIFO can have side effects or block.
        if let refusal = refusal(for: before) { return .refused(refusal) }
        let fd = openat(directoryFD, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return .vanished
            case ELOOP: return .refused("is a symbolic link; links are never followed")
            default: return .refused("cannot open: \(String(cString: strerror(errno)))")
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .refused("cannot stat: \(String(cString: strerror(errno)))") }
        guard info.st_dev == before.st_dev, info.st_ino == before.st_ino else { return .busy }  // replaced meanwhile
        if let refusal = refusal(for: info) { return .refused(refusal) }
        switch writerState(fd: fd, info: info, trigger: trigger, now: now) {
        case .busy: return .busy
        case .done: break
        }
        defer { _ = fcntl(fd, F_SETLEASE, F_UNLCK) }
        // The size hint reserves the file's size: a batch of small files must not hold 64 KiB each.
        let bytes: [UInt8]
        switch DescriptorReader.readAll(fd, limit: maximumSize, sizeHint: Int(info.st_size)) {
        case let .success(read): bytes = read
        case .failure(.tooLarge): return .refused("larger than 64 KiB")
        case let .failure(.failed(code)): return .refused("cannot read: \(String(cString: strerror(code)))")
        }
        return .file(SpoolFile(
            name: name, bytes: bytes, ownerUID: info.st_uid, device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        ))
    }

    /// The reason a file of this kind is never accepted, or nil for a plain regular file.
    static func refusal(for info: stat) -> String? {
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: return "is a symbolic link; links are never followed"
        case S_IFDIR: return "is a directory, not a regular file"
        case S_IFIFO: return "is a FIFO, not a regular file"
        case S_IFSOCK: return "is a socket, not a regular file"
        case S_IFCHR, S_IFBLK: return "is a device, not a regular file"
        default: return "is not a regular file"
        }
        if info.st_nlink != 1 {
            return "has \(info.st_nlink) hard links; only files with one link are accepted"
        }
        if info.st_size > maximumSize { return "is \(info.st_size) bytes, larger than 64 KiB" }
        return nil
    }

    private enum WriterState { case busy, done }

    /// Whether any process still has the file open for writing. A read lease can only be taken on a file nobody
    /// has open for writing, which is exactly the question; the lease is held while we read and released after.
    /// Without the right to take leases (not the owner and no CAP_LEASE), a closed-write event is trusted, and a
    /// rescan only takes files untouched for two seconds.
    private static func writerState(fd: Int32, info: stat, trigger: Trigger, now: Date) -> WriterState {
        if fcntl(fd, F_SETLEASE, F_RDLCK) == 0 { return .done }
        if errno == EAGAIN || errno == EBUSY { return .busy }
        switch trigger {
        case .closed: return .done
        case .scan:
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            return now.timeIntervalSince1970 - modified >= 2 ? .done : .busy
        }
    }
}
