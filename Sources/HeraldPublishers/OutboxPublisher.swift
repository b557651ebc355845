import Foundation
#if canImport(Glibc)
import Glibc
import HeraldIO
#endif

/// Publishes into a local directory, `STATE/outbox/ACCOUNT/`, one JSON file per status (DESIGN, "Outbox
/// (Contract)"); the embedded default network and a stand-in for a real one in tests.
///
/// - **Names**: `%08d.json` by the status's `seq` (`00000001.json`; a ninth digit appears after 99,999,999).
/// - **Content**: an ``OutboxRecord``; `published_at` is the `now` given to ``publish(_:now:)``.
/// - **Remote ids**: `ACCOUNT-%08d` (``remoteID(account:seq:)``): stable across retries and restarts, unique
///   across accounts (account names are unique), and the file it names is obvious.
/// - **Atomic and durable**: the record is written to `.NNNNNNNN.json.tmp`, fsynced, then given its final name
///   with `link(2)`, which, unlike `rename(2)`, fails instead of replacing a file that already exists, so a seq
///   is never overwritten, not even by a writer outside Herald. The temp name is then removed and the directory
///   fsynced. On a file system without hard links the publisher falls back to `rename(2)` after checking the
///   name is free. Readers see either no file or the complete file, never a partial one. Writers to one outbox
///   take turns under an exclusive `flock(2)` on its directory, so they never share a temp file.
/// - **Idempotent**: publishing a seq whose file already holds the same `post_id` and `part` returns that file's
///   id and writes nothing; a file holding anything else is a permanent conflict and is left untouched.
/// - **Directory**: created when missing, with missing parents, mode 0750.
/// - **Errors**: any file-system failure (ENOSPC, EACCES, EROFS, EIO, …) is temporary, with the failing call,
///   path and errno text as the reason; the caller's backoff retries it.
///
/// The work is synchronous file I/O done on the calling task (a few small writes and two fsyncs).
public struct OutboxPublisher: Publisher {
    /// The account's outbox directory, `STATE/outbox/ACCOUNT`.
    public let directory: URL
    /// The account whose statuses this outbox takes; statuses for another account are refused.
    public let account: String

    /// Outbox files are small; anything bigger at a seq's name was not written by Herald.
    static let maximumFileSize = 4 << 20

    public init(directory: URL, account: String) {
        self.directory = directory
        self.account = account
    }

    /// The remote id the outbox gives the status with `seq` of `account`: `ACCOUNT-%08d`, e.g. `brand-00000001`.
    public static func remoteID(account: String, seq: Int) -> String {
        "\(account)-\(zeroPadded(seq))"
    }

    /// The file name for `seq`: `%08d.json`.
    public static func fileName(seq: Int) -> String {
        "\(zeroPadded(seq)).json"
    }

    /// The file that holds (or will hold) the status with `seq`.
    public func fileURL(seq: Int) -> URL {
        directory.appendingPathComponent(Self.fileName(seq: seq), isDirectory: false)
    }

    public func publish(_ status: OutgoingStatus, now: Date) async -> PublishOutcome {
        if let problem = status.problem { return .permanent(reason: "invalid status: \(problem)") }
        guard status.account == account else {
            return .permanent(reason: "status for account \(status.account) sent to the outbox of \(account)")
        }
        let finalPath = fileURL(seq: status.seq).path
        let record = OutboxRecord(
            status: status, id: Self.remoteID(account: account, seq: status.seq), publishedAt: now)
        let data: Data
        do {
            data = try record.encoded()
        } catch {
            return .permanent(reason: "cannot encode the outbox record: \(error)")
        }
        do {
            try makeDirectory(directory.path)
            let lock = try lockDirectory(directory.path)
            defer { close(lock) }  // releases the lock
            if case let .taken(existing) = try slot(at: finalPath) {
                return verdict(for: status, existing: existing, path: finalPath)
            }
            let tempPath = directory.appendingPathComponent(".\(Self.fileName(seq: status.seq)).tmp").path
            try writeSynced(data, to: tempPath)
            defer { unlink(tempPath) }
            if link(tempPath, finalPath) != 0 {
                let code = errno
                switch code {
                case EEXIST:
                    // Someone else took this seq since we looked: same verdict as if we had found it first.
                    guard case let .taken(existing) = try slot(at: finalPath) else {
                        throw FileSystemError.failed(operation: "link", path: finalPath, errno: code)
                    }
                    return verdict(for: status, existing: existing, path: finalPath)
                case EPERM, EOPNOTSUPP, ENOSYS:
                    // No hard links here: rename, which the lock keeps safe from Herald's own writers.
                    if case let .taken(existing) = try slot(at: finalPath) {
                        return verdict(for: status, existing: existing, path: finalPath)
                    }
                    guard rename(tempPath, finalPath) == 0 else { throw FileSystemError.last("rename", finalPath) }
                default:
                    throw FileSystemError.failed(operation: "link", path: finalPath, errno: code)
                }
            }
            unlink(tempPath)
            try syncDirectory(directory.path)
            return .published(remoteID: record.id)
        } catch {
            return .temporary(reason: "outbox \(directory.path): \(error)", retryAfter: nil)
        }
    }

    /// `.published` with the file's id when the seq's file holds this status; `.notPublished` when there is no
    /// file, or when the seq is held by another status (publishing then reports the conflict); `.unknown` when the
    /// file cannot be read.
    public func resolve(_ status: OutgoingStatus) async -> Resolution {
        guard status.problem == nil, status.account == account else { return .notPublished }
        let path = fileURL(seq: status.seq).path
        do {
            guard case let .taken(.some(existing)) = try slot(at: path) else { return .notPublished }
            if existing.postID == status.postID, existing.part == status.part {
                return .published(remoteID: existing.id)
            }
            return .notPublished
        } catch {
            return .unknown
        }
    }

    // MARK: - Private

    /// What a seq's file name holds.
    private enum Slot {
        /// No file: the seq is free.
        case free
        /// A file: the record it holds, or nil when it is not a record Herald wrote (unparseable, too large, a
        /// symbolic link).
        case taken(OutboxRecord?)
    }

    private func verdict(for status: OutgoingStatus, existing: OutboxRecord?, path: String) -> PublishOutcome {
        guard let existing else {
            return .permanent(
                reason: "\(path) already exists and is not an outbox record; seq \(status.seq) not overwritten")
        }
        if existing.postID == status.postID, existing.part == status.part {
            return .published(remoteID: existing.id)
        }
        return .permanent(
            reason: "\(path) already holds post \(existing.postID) part \(existing.part); seq \(status.seq) "
                + "of post \(status.postID) part \(status.part) not overwritten")
    }

    /// What `path` holds; throws when it cannot be read.
    private func slot(at path: String) throws -> Slot {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0 {
            if errno == ENOENT { return .free }
            if errno == ELOOP { return .taken(nil) }  // a symbolic link sits at the name: not ours
            throw FileSystemError.last("open", path)
        }
        defer { close(descriptor) }
        switch DescriptorReader.readAll(descriptor, limit: Self.maximumFileSize) {
        case let .success(bytes): return .taken(try? OutboxRecord.decode(Data(bytes)))
        case .failure(.tooLarge): return .taken(nil)
        case let .failure(.failed(code)): throw FileSystemError.failed(operation: "read", path: path, errno: code)
        }
    }

    /// Writes `data` to a new file at `path` (replacing a temp file left by a crash) and fsyncs it.
    private func writeSynced(_ data: Data, to path: String) throws {
        if unlink(path) != 0, errno != ENOENT { throw FileSystemError.last("unlink", path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw FileSystemError.last("open", path) }
        var succeeded = false
        defer {
            close(descriptor)
            if !succeeded { unlink(path) }
        }
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw FileSystemError.last("write", path)
                }
                offset += count
            }
        }
        guard fsync(descriptor) == 0 else { throw FileSystemError.last("fsync", path) }
        succeeded = true
    }

    /// Creates `path` and its missing parents with mode 0750, fsyncing each parent that gained an entry.
    private func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o750) == 0 {
            try syncDirectory(parent(of: path))
            return
        }
        switch errno {
        case EEXIST:
            var info = stat()
            guard stat(path, &info) == 0 else { throw FileSystemError.last("stat", path) }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw FileSystemError.notADirectory(path: path) }
        case ENOENT where parent(of: path) != path:
            try makeDirectory(parent(of: path))
            guard mkdir(path, 0o750) == 0 || errno == EEXIST else { throw FileSystemError.last("mkdir", path) }
            try syncDirectory(parent(of: path))
        default:
            throw FileSystemError.last("mkdir", path)
        }
    }

    private func parent(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// Opens `path` and takes an exclusive `flock(2)` on it, held until the returned descriptor is closed: the
    /// writers of one outbox (tasks of this daemon, or another process) take turns, so they never share the temp
    /// name `.NNNNNNNN.json.tmp`. Each holds it for one small write and two fsyncs.
    private func lockDirectory(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError.last("open", path) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let error = FileSystemError.last("flock", path)
            close(descriptor)
            throw error
        }
        return descriptor
    }

    private func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError.last("open", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileSystemError.last("fsync", path) }
    }

    private static func zeroPadded(_ seq: Int) -> String {
        let digits = String(seq)
        return digits.count >= 8 ? digits : String(repeating: "0", count: 8 - digits.count) + digits
    }
}
