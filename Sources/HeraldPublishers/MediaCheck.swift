import Foundation
import HeraldCore
#if canImport(Glibc)
import Glibc
#endif

/// The I/O half of the `Media:` rules (the validator checks the paths as written): each file, with every symlink
/// resolved, must be a readable regular file under one of the account's `media_dirs`, themselves resolved. Run
/// at intake, by `herald check`, and again when a status is claimed, since files and links can change between.
/// It sits beside ``MediaAttachment``, whose `realpath(3)` it shares, where both heraldd and herald reach it.
public enum MediaCheck {
    /// The problems of `media` for `account`; empty when every file may be attached.
    public static func problems(_ media: [PostMedia], account: Account) -> [PostFileError] {
        guard !media.isEmpty else { return [] }
        let directories = account.mediaDirectories.compactMap(MediaAttachment.resolved)
        var problems: [PostFileError] = []
        for item in media {
            guard let real = MediaAttachment.resolved(item.path) else {
                problems.append(.mediaUnreadable(
                    path: item.path, line: item.line, reason: String(cString: strerror(errno))))
                continue
            }
            guard PostMedia.isLexicallyUnder(real, anyOf: directories) else {
                problems.append(.mediaNotAllowed(
                    path: item.path, line: item.line, account: account.name,
                    resolved: real == item.path ? nil : real))
                continue
            }
            var info = stat()
            guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                problems.append(.mediaUnreadable(path: item.path, line: item.line, reason: "not a regular file"))
                continue
            }
            guard access(real, R_OK) == 0 else {
                problems.append(.mediaUnreadable(
                    path: item.path, line: item.line, reason: String(cString: strerror(errno))))
                continue
            }
        }
        return problems
    }
}
