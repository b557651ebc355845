import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bound `AF_UNIX` datagram socket that plays the service manager's side of `$NOTIFY_SOCKET`.
public final class DatagramReceiver: @unchecked Sendable {  // the descriptor is only read by one test at a time
    public let path: String
    let fd: Int32

    public init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SpawnError("socket: \(String(cString: strerror(errno)))") }
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
            let reason = String(cString: strerror(errno))
            close(fd)
            throw SpawnError("bind \(path): \(reason)")
        }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The next datagram as text, or `nil` if none arrives within `timeout`.
    public func receive(timeout: Duration = .seconds(5)) throws -> String? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32((timeout / .milliseconds(1)).rounded(.up)))
        guard ready > 0 else {
            if ready < 0, errno != EINTR { throw SpawnError("poll: \(String(cString: strerror(errno)))") }
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { throw SpawnError("recv: \(String(cString: strerror(errno)))") }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Every datagram already waiting, without blocking.
    public func drain() throws -> [String] {
        var messages: [String] = []
        while let message = try receive(timeout: .zero) { messages.append(message) }
        return messages
    }
}
