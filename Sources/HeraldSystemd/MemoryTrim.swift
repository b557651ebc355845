import CSystemd
import Glibc

/// Hands memory back to the kernel once a start-up or a burst is over, so an idle daemon stays small.
public enum MemoryTrim {
    /// Frees glibc's cached heap blocks. glibc keeps freed blocks in its arenas, so without this an idle daemon
    /// would keep the peak of its last burst as resident memory for as long as it runs.
    ///
    /// - Parameter code: also unmap clean code pages (``releaseCleanCodePages(where:)``); a daemon embedded in
    ///   another process (the in-process tests) leaves its host's alone.
    public static func afterBurst(code: Bool = true) {
        _ = malloc_trim(0)
        if code { releaseCleanCodePages() }
    }

    /// Unmaps the code pages (executable, file-backed, never written) of heraldd and its libraries from the
    /// resident set. Start-up touches most of the 20 MB of code linked in (configuration, policy, every network's
    /// client) and the kernel maps whole neighbourhoods on each fault; idle, the loop needs a fraction of it.
    ///
    /// `MADV_DONTNEED` only drops this process's mappings: the pages stay in the page cache, and what runs again is
    /// mapped back by a minor fault, without I/O. (`MADV_PAGEOUT` would evict them from the cache too: the next
    /// post after a quiet spell then waited for the disk, and `At:` precision suffered.) A mapping with private
    /// changes (relocations) is skipped: dropping them would lose them; only executable mappings are touched.
    public static func releaseCleanCodePages(where include: (String) -> Bool = { _ in true }) {
        for mapping in cleanCodeMappings() where include(mapping.path) {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: mapping.start), Int(mapping.end - mapping.start),
                        MADV_DONTNEED)
        }
    }

    /// Executable, file-backed mappings of this process with no private (changed) pages, from `/proc/self/smaps`.
    static func cleanCodeMappings() -> [(start: UInt, end: UInt, path: String)] {
        var mappings: [(start: UInt, end: UInt, path: String)] = []
        var current: (start: UInt, end: UInt, path: String)?
        var clean = true
        func finish() {
            if let mapping = current, clean { mappings.append(mapping) }
            current = nil
        }
        for line in readSelf("smaps").split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.contains("-"), fields.count >= 5, !first.hasSuffix(":") {
                // A mapping's header: start-end perms offset dev inode [path]
                finish()
                let range = first.split(separator: "-")
                guard fields.count >= 6, fields[1] == "r-xp", fields[4] != "0", fields[5].hasPrefix("/"),
                      range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                      end > start else { continue }
                current = (start, end, fields[5...].joined(separator: " "))
                clean = true
            } else if current != nil, ["Private_Dirty:", "Anonymous:"].contains(first), fields.count >= 2,
                      fields[1] != "0" {
                clean = false
            }
        }
        finish()
        return mappings
    }

    /// The content of `/proc/self/NAME` (procfs files have no size: read until the end).
    static func readSelf(_ name: String) -> String {
        let fd = open("/proc/self/" + name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
