#if canImport(Glibc)
import Glibc
#endif

/// Reads an open file to its end, at most a limit, retrying on EINTR: the one loop behind credential files and
/// media attachments, which are both read through a descriptor that was checked first.
enum DescriptorReader {
    /// Why reading stopped short.
    enum Failure: Error, Equatable {
        /// More than `limit` bytes.
        case tooLarge
        /// `read(2)` failed with this errno.
        case failed(errno: Int32)
    }

    static func readAll(_ descriptor: Int32, limit: Int, sizeHint: Int = 0) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(max(sizeHint, 0), limit))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return .failure(.failed(errno: errno)) }
            if count == 0 { return .success(bytes) }
            bytes += chunk[..<count]
            guard bytes.count <= limit else { return .failure(.tooLarge) }
        }
    }
}
