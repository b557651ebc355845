import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Durable whole-file replacement for small state files (tokens, sessions, caches, approval replies): written to a
/// temp file in the same directory with its final mode (0600 unless told otherwise), fsynced, renamed over the
/// target, and the directory fsynced, so after a crash
/// the file holds either the old or the new content, never a mix or nothing.
public enum AtomicFile {
    /// Replaces `url`'s content with `data`, creating its directory (0700) when missing.
    public static func write(_ data: Data, to url: URL, mode: mode_t = 0o600) throws {
        let directory = url.deletingLastPathComponent().path
        try makeDirectory(directory)
        let temp = directory + "/." + url.lastPathComponent + ".tmp"
        // A fresh file, whatever was there: in a directory others may write to (the spool's incoming/), a name
        // planted in advance (a link, another user's file) must never be opened, let alone truncated.
        unlink(temp)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw FileSystemError.last("open", temp) }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw FileSystemError.last("fchmod", temp) }
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let wrote = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if wrote < 0 && errno == EINTR { continue }
                    guard wrote > 0 else { throw FileSystemError.last("write", temp) }
                    offset += wrote
                }
            }
            guard fsync(fd) == 0 else { throw FileSystemError.last("fsync", temp) }
        }
        guard rename(temp, url.path) == 0 else { throw FileSystemError.last("rename", url.path) }
        try syncDirectory(directory)
    }

    /// The content of `url`, or nil when it does not exist.
    public static func read(_ url: URL) throws -> Data? {
        do {
            return try Data(contentsOf: url)
        } catch CocoaError.fileReadNoSuchFile {
            return nil
        }
    }

    private static func makeDirectory(_ path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw FileSystemError.notADirectory(path: path) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path, !parent.isEmpty { try makeDirectory(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw FileSystemError.last("mkdir", path) }
        try syncDirectory(parent)
    }

    private static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError.last("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileSystemError.last("fsync", path) }
    }
}
