#if canImport(Glibc)
import Glibc
#endif

/// Reads an open file descriptor to its end, at most a limit, retrying `read(2)` on EINTR: the one read-to-end
/// loop behind the config and its word lists, credentials, media attachments, spool files and outbox records.
///
/// It only reads. Each caller opens and checks the descriptor its own way first (`O_NOFOLLOW`, `fstat`, a read
/// lease) and turns a ``Failure`` into its own error message.
public enum DescriptorReader {
    /// Why reading stopped short.
    public enum Failure: Error, Equatable, Sendable {
        /// More than `limit` bytes: reading stops at the first chunk that goes past it.
        case tooLarge
        /// `read(2)` failed with this errno (never EINTR, which is retried).
        case failed(errno: Int32)
    }

    /// The most one `read(2)` asks for; a file over its limit is found out at most this far past it.
    public static let chunkSize = 64 * 1024

    /// Every byte from the descriptor's offset to its end, or ``Failure/tooLarge`` once more than `limit` came.
    /// `sizeHint` (the file's `st_size`, say) is reserved up front, so a small file's bytes take about its size
    /// rather than a chunk.
    public static func readAll(_ descriptor: Int32, limit: Int, sizeHint: Int = 0) -> Result<[UInt8], Failure> {
        readAll(limit: limit, sizeHint: sizeHint) { buffer in read(descriptor, buffer.baseAddress, buffer.count) }
    }

    /// The loop over any `read(2)`-like call (a count, 0 at the end, or -1 with `errno` set), so the tests can
    /// interrupt it, cut its reads short and make it fail.
    static func readAll(
        limit: Int, sizeHint: Int, reading: (UnsafeMutableRawBufferPointer) -> Int
    ) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(max(sizeHint, 0), limit))
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let (count, code) = chunk.withUnsafeMutableBytes { buffer in
                let count = reading(buffer)
                return (count, count < 0 ? errno : 0)
            }
            if count < 0 {
                if code == EINTR { continue }
                return .failure(.failed(errno: code))
            }
            if count == 0 { return .success(bytes) }
            bytes += chunk[..<count]
            guard bytes.count <= limit else { return .failure(.tooLarge) }
        }
    }
}
