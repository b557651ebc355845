import Foundation
import Glibc
import HeraldCore
import Testing

@testable import HeraldPublishers

/// The checks `Media:` files pass at intake, in `herald check` and at claim: resolved through every link, under
/// the account's `media_dirs`, a readable regular file.
@Suite struct MediaCheckTests {
    @Test func filesAreResolvedAndCheckedAgainstTheMediaDirectories() async throws {
        try await MediaFixture.with { fixture in
            let (image, outside, link) = (fixture.image, fixture.secret, fixture.link)
            let folder = fixture.media.appendingPathComponent("folder.png")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var account = Account(name: "brand")
            account.mediaDirectories = [fixture.media.path]
            let real = { (url: URL) in MediaAttachment.resolved(url.path) ?? url.path }

            #expect(MediaCheck.problems([], account: account).isEmpty)
            #expect(MediaCheck.problems([PostMedia(path: image.path, line: 2)], account: account).isEmpty)
            #expect(MediaCheck.problems([PostMedia(path: link.path, line: 3)], account: account) == [
                .mediaNotAllowed(path: link.path, line: 3, account: "brand", resolved: real(outside)),
            ])
            #expect(MediaCheck.problems([PostMedia(path: outside.path, line: 4)], account: account) == [
                .mediaNotAllowed(path: outside.path, line: 4, account: "brand",
                                 resolved: real(outside) == outside.path ? nil : real(outside)),
            ])
            let missing = fixture.media.appendingPathComponent("missing.png").path
            #expect(MediaCheck.problems([PostMedia(path: missing, line: 5)], account: account) == [
                .mediaUnreadable(path: missing, line: 5, reason: "No such file or directory"),
            ])
            #expect(MediaCheck.problems([PostMedia(path: folder.path, line: 6)], account: account) == [
                .mediaUnreadable(path: folder.path, line: 6, reason: "not a regular file"),
            ])

            var none = account
            none.mediaDirectories = []
            #expect(MediaCheck.problems([PostMedia(path: image.path, line: 7)], account: none) == [
                .mediaNotAllowed(path: image.path, line: 7, account: "brand",
                                 resolved: real(image) == image.path ? nil : real(image)),
            ])
        }
    }
}
