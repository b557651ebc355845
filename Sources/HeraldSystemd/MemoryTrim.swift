import CSystemd
import Glibc

/// Hands memory back to the kernel once a start-up or a burst is over, so an idle daemon stays small.
public enum MemoryTrim {
    /// Frees glibc's cached heap blocks. glibc keeps freed blocks in its arenas, so without this an idle daemon
    /// would keep the peak of its last burst as resident memory for as long as it runs.
    ///
    /// - Parameter code: also drop clean code pages (``releaseCleanFilePages(where:)``); a daemon embedded in
    ///   another process (the in-process tests) leaves its host's alone.
    public static func afterBurst(code: Bool = true) {
        _ = malloc_trim(0)
        if code { releaseCleanFilePages() }
    }

    /// `MADV_PAGEOUT` (Linux 5.4), which Glibc's headers may not name.
    static let pageOut: Int32 = 21

    /// Drops the clean file-backed pages of read-only mappings (code and constants of heraldd and its libraries)
    /// from the resident set. Start-up touches most of the 20 MB of code linked in (configuration, policy, every
    /// network's client) and the kernel maps whole neighbourhoods on each fault; idle, the loop needs a fraction
    /// of it. The pages stay in the page cache, so what is used again is mapped back without I/O. Only read-only
    /// file mappings are touched (nothing dirty, nothing anonymous); a kernel without `MADV_PAGEOUT` refuses and
    /// nothing changes.
    public static func releaseCleanFilePages(where include: (String) -> Bool = { _ in true }) {
        for mapping in readOnlyFileMappings() where include(mapping.path) {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: mapping.start), Int(mapping.end - mapping.start), pageOut)
        }
    }

    /// Read-only, file-backed mappings of this process, from `/proc/self/maps`.
    static func readOnlyFileMappings() -> [(start: UInt, end: UInt, path: String)] {
        let fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        var mappings: [(start: UInt, end: UInt, path: String)] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            // start-end perms offset dev inode path
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1].hasPrefix("r"), !fields[1].contains("w"), fields[4] != "0",
                  fields[5].hasPrefix("/") else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                  end > start else { continue }
            mappings.append((start, end, fields[5...].joined(separator: " ")))
        }
        return mappings
    }
}
