import Foundation

/// Writes a file into `incoming/` so the daemon never sees it half-written: a hidden temporary name (ignored by
/// the daemon), fsync, mode 0644 whatever the umask, then rename to the final `*.post` name.
enum SpoolWriter {
    static func write(_ bytes: [UInt8], named name: String, into directory: String) throws -> String {
        let temporary = (directory as NSString).appendingPathComponent(".\(name).tmp")
        let final = (directory as NSString).appendingPathComponent(name)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var ok = fchmod(fd, 0o644) == 0
        var offset = 0
        while ok && offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            ok = written > 0
            offset += max(written, 0)
        }
        ok = ok && fsync(fd) == 0
        let saved = errno
        close(fd)
        guard ok, rename(temporary, final) == 0 else {
            errno = ok ? errno : saved
            let error = failure("cannot write \(final)")
            unlink(temporary)
            throw error
        }
        return name
    }

    private static func failure(_ what: String) -> CLIError {
        .invalid("\(what): \(String(cString: strerror(errno)))")
    }
}
