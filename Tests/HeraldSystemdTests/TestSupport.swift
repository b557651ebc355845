import Foundation
import Glibc
import HeraldSystemd
import HeraldTestSupport

/// A bound `AF_UNIX` datagram socket that plays the service manager's side of `$NOTIFY_SOCKET`.
final class DatagramReceiver {
    let path: String
    let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw SystemdError.failed(call: "socket", errno: errno)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long")
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            close(fd)
            throw SystemdError.failed(call: "bind", errno: error, context: path)
        }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The next datagram as text, or `nil` if none arrives within `timeout`.
    func receive(timeout: Duration = .seconds(5)) throws -> String? {
        guard try Poller.wait([fd], timeout: timeout).contains(fd) else {
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else {
            throw SystemdError.failed(call: "recv", errno: errno)
        }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}

/// Sets (or unsets) environment variables for the duration of `body`, then restores them. Only for tests in a
/// `.serialized` suite: the environment is process-wide.
func withEnvironment<T>(_ values: [String: String?], _ body: () throws -> T) rethrows -> T {
    var saved: [String: String?] = [:]
    for (name, value) in values {
        saved[name] = getenv(name).map { String(cString: $0) }
        if let value {
            setenv(name, value, 1)
        } else {
            unsetenv(name)
        }
    }
    defer {
        for (name, value) in saved {
            if let value {
                setenv(name, value, 1)
            } else {
                unsetenv(name)
            }
        }
    }
    return try body()
}

/// Collects values from `@Sendable` closures (log sinks) for inspection.
final class Collector<Value: Sendable>: @unchecked Sendable {
    // Unchecked: every access to `storage` holds `lock`.
    private let lock = NSLock()
    private var storage: [Value] = []

    var values: [Value] {
        lock.withLock { storage }
    }

    func append(_ value: Value) {
        lock.withLock { storage.append(value) }
    }
}
