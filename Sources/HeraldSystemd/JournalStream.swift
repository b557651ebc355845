import Glibc

/// Whether standard error is connected to the journal, as `$JOURNAL_STREAM` tells (`systemd.exec(5)`).
///
/// systemd sets `JOURNAL_STREAM=DEV:INO` (decimal device and inode numbers of the stream socket) for a service
/// whose stdout or stderr goes to the journal. The variable is inherited by child processes whose stderr may have
/// been redirected elsewhere, so it only counts when the numbers match `fstat(2)` of stderr itself.
public enum JournalStream {
    /// Whether `value` (the `$JOURNAL_STREAM` text, or `nil` when unset) names exactly the stream with `device`
    /// and `inode`. Pure: the numbers come from the caller's `fstat`.
    public static func matches(_ value: String?, device: UInt64, inode: UInt64) -> Bool {
        guard let value, let parsed = parse(value) else {
            return false
        }
        return parsed.device == device && parsed.inode == inode
    }

    /// Parses `DEV:INO` (two decimal numbers), or returns `nil`.
    public static func parse(_ value: String) -> (device: UInt64, inode: UInt64)? {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let device = UInt64(parts[0]), let inode = UInt64(parts[1])
        else {
            return nil
        }
        return (device, inode)
    }

    /// Whether file descriptor `fd` (standard error by default) is the stream `$JOURNAL_STREAM` names.
    public static func isJournal(fd: Int32 = STDERR_FILENO) -> Bool {
        guard let raw = getenv("JOURNAL_STREAM") else {
            return false
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            return false
        }
        return matches(String(cString: raw), device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}
