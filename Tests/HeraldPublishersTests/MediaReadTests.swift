import Foundation
import Glibc
import Testing

@testable import HeraldPublishers

/// Attachments are read through the descriptor that was checked: the file opened must be a regular file under the
/// account's `media_dirs`, whatever links a submitter swaps in.
@Suite struct MediaReadTests {
    @Test func aFileUnderTheMediaDirectoryIsReadAndEverythingElseRefused() async throws {
        try await MediaFixture.with { fixture throws in
            let (media, secret, image, link) = (fixture.media, fixture.secret, fixture.image, fixture.link)
            let allowed = [media.path]

            #expect(try MediaAttachment(path: image.path, allowedDirectories: allowed).read() == [1, 2, 3])

            // A link inside the media directory that points at a secret outside it: refused when opened.
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
