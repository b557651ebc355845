import Foundation
import HeraldIO

/// Where account secrets come from: systemd credentials (`LoadCredential=NAME:…` puts them in
/// `$CREDENTIALS_DIRECTORY/NAME`, readable by the service alone) or an absolute path to a file that only the
/// daemon's user can read. Secrets never live in herald.toml, never reach the log and never the database.
public struct CredentialSource: Sendable {
    /// `$CREDENTIALS_DIRECTORY`, when systemd set it.
    public var directory: String?
    /// The daemon's effective uid: credential files must belong to it (or to root).
    public var uid: UInt32

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, uid: UInt32 = geteuid()) {
        directory = environment["CREDENTIALS_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 }
        self.uid = uid
    }

    /// Reads the secret an account's `credentials` key names: a credential name, looked up in
    /// `$CREDENTIALS_DIRECTORY`, or an absolute path. One trailing newline is removed.
    public func read(_ reference: String, account: String) throws(CredentialError) -> String {
        let path: String
        if reference.hasPrefix("/") {
            path = reference
        } else if !reference.isEmpty,
                  reference.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@:".contains($0)) }),
                  reference != ".", reference != ".." {
            guard let directory else { throw .noCredentialsDirectory(account: account, name: reference) }
            path = (directory as NSString).appendingPathComponent(reference)
        } else {
            throw .badReference(account: account, reference: reference)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw .unreadable(account: account, path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .unreadable(account: account, path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(account: account, path: path, reason: "not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else { throw .tooOpen(account: account, path: path, mode: info.st_mode) }
        guard info.st_uid == uid || info.st_uid == 0 else {
            throw .wrongOwner(account: account, path: path, uid: info.st_uid)
        }
        let bytes: [UInt8]
        switch DescriptorReader.readAll(fd, limit: 1 << 20) {
        case let .success(read): bytes = read
        case .failure(.tooLarge): throw .unreadable(account: account, path: path, reason: "larger than 1 MiB")
        case let .failure(.failed(code)):
            throw .unreadable(account: account, path: path, reason: String(cString: strerror(code)))
        }
        var secret = String(decoding: bytes, as: UTF8.self)
        // "\r\n" is one Character in Swift, so one removeLast drops either line ending.
        if secret.hasSuffix("\n") || secret.hasSuffix("\r\n") { secret.removeLast() }
        guard !secret.isEmpty else { throw .empty(account: account, path: path) }
        return secret
    }
}
