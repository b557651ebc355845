import Foundation
import HeraldCore
#if canImport(Glibc)
import Glibc
import HeraldIO
#endif

extension MediaAttachment {
    /// Files larger than this are refused before they are read (every network's limit is far below).
    static let maximumBytes = 64 << 20

    /// The file's bytes, read from the very file that was checked: it is opened once, the path the kernel opened
    /// (`/proc/self/fd/N`, every symlink resolved) must lie under one of `allowedDirectories` (resolved too), and
    /// it must be a regular file. Checking a path and then reading it again by name would let a submitter who
    /// can write in a media directory swap in a symlink to a secret between the two (time of check to time of
    /// use); reading through the checked descriptor closes that. `O_NONBLOCK` keeps a FIFO from hanging the open.
    public func read() throws(MediaReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: path, reason: "not a regular file")
        }
        guard let opened = Self.target(of: descriptor) else {
            throw .unreadable(path: path, reason: "cannot tell which file was opened")
        }
        let directories = allowedDirectories.compactMap(Self.resolved)
        guard PostMedia.isLexicallyUnder(opened, anyOf: directories) else {
            throw .notAllowed(path: path, resolved: opened)
        }
        guard Int(info.st_size) <= Self.maximumBytes else {
            throw .unreadable(path: path, reason: "larger than \(Self.maximumBytes >> 20) MiB")
        }
        switch DescriptorReader.readAll(descriptor, limit: Self.maximumBytes, sizeHint: Int(info.st_size)) {
        case let .success(bytes): return bytes
        case .failure(.tooLarge): throw .unreadable(path: path, reason: "larger than \(Self.maximumBytes >> 20) MiB")
        case let .failure(.failed(code)): throw .unreadable(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// The path of the file behind `descriptor`, as the kernel resolved it.
    static func target(of descriptor: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/fd/\(descriptor)", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `realpath(3)`, or nil (errno set) when the path does not resolve. ``MediaCheck`` uses it too.
    public static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// Why an attachment could not be read for upload; both are permanent for the status.
public enum MediaReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// The file opened is outside the account's `media_dirs` (a link changed after the checks, say).
    case notAllowed(path: String, resolved: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "media \(path) cannot be read: \(reason)"
        case let .notAllowed(path, resolved):
            "media \(path) is \(resolved) when opened, outside the account's media_dirs"
        }
    }
}
