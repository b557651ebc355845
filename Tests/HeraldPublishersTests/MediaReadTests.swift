import Foundation
import Glibc
import Testing

@testable import HeraldPublishers

/// Attachments are read through the descriptor that was checked: the file opened must be a regular file under the
/// account's `media_dirs`, whatever links a submitter swaps in.
@Suite struct MediaReadTests {
    @Test func aFileUnderTheMediaDirectoryIsReadAndEverythingElseRefused() async throws {
        try await withTemporaryDirectory { root in
            let media = root.appendingPathComponent("media")
            try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
            let secret = root.appendingPathComponent("secret.json")
            try Data("token".utf8).write(to: secret)
            let image = media.appendingPathComponent("a.png")
            try Data([1, 2, 3]).write(to: image)
            let allowed = [media.path]

            #expect(try MediaAttachment(path: image.path, allowedDirectories: allowed).read() == [1, 2, 3])

            // A link inside the media directory that points at a secret outside it: refused when opened.
            let link = media.appendingPathComponent("b.png")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: secret)
            #expect(throws: MediaReadError.notAllowed(path: link.path, resolved: secret.path)) {
                try MediaAttachment(path: link.path, allowedDirectories: allowed).read()
            }
            // No media_dirs: nothing may be attached.
            #expect(throws: MediaReadError.self) { try MediaAttachment(path: image.path).read() }
            // A FIFO neither hangs the open nor passes as a file.
            let fifo = media.appendingPathComponent("c.png")
            #expect(mkfifo(fifo.path, 0o600) == 0)
            #expect(throws: MediaReadError.unreadable(path: fifo.path, reason: "not a regular file")) {
                try MediaAttachment(path: fifo.path, allowedDirectories: allowed).read()
            }
            #expect(throws: MediaReadError.self) {
                try MediaAttachment(path: media.appendingPathComponent("missing.png").path,
                                    allowedDirectories: allowed).read()
            }
        }
    }
}
