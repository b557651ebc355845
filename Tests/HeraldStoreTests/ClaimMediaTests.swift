import Foundation
import HeraldCore
import Testing

@testable import HeraldStore

/// The claim gives the post's `Media:` (stored in its own column at accept) to part 0 only.
@Suite("Claiming a part with media")
struct ClaimMediaTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    @Test func mediaGoesWithTheFirstPartOnly() throws {
        var post = makePost("m1", parts: ["one", "two"], targets: [target("brand", at: 10)])
        post.content = Array("""
            Account: brand
            Media: /srv/media/a.png; alt=First
            Media: /srv/media/b.png

            one
            ---
            two

            """.utf8)
        post.media = [
            PostMedia(path: "/srv/media/a.png", alt: "First", line: 2),
            PostMedia(path: "/srv/media/b.png", alt: nil, line: 3),
        ]
        try database.acceptFixed(post)
        let id = try database.targetID("m1", "brand")
        let first = try database.mustClaim(id, now: When.at(11))
        #expect(first.media == [
            PostMedia(path: "/srv/media/a.png", alt: "First", line: 2),
            PostMedia(path: "/srv/media/b.png", alt: nil, line: 3),
        ])
        try database.record(first, result: .published(remoteID: "r1"), now: When.at(11))
        let second = try database.mustClaim(id, now: When.at(12))
        #expect(second.part == 1)
        #expect(second.media == [])
    }

    @Test func postsWithoutMediaClaimNone() throws {
        try database.acceptFixed(makePost("m2", parts: ["plain"], targets: [target("brand", at: 10)]))
        let claim = try database.mustClaim(try database.targetID("m2", "brand"), now: When.at(11))
        #expect(claim.media == [])
    }
}
