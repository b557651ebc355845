import Foundation
import HeraldCore
import Testing

@testable import HeraldStore

/// The claim gives the post's `Content-Warning:` (stored in its own column at accept) to every part, in-flight
/// attempts read after a restart included.
@Suite("Claiming a part with a content warning")
struct ClaimContentWarningTests {
    let scratch: Scratch
    let database: AppDatabase

    init() throws {
        scratch = try Scratch()
        database = try scratch.open()
    }

    @Test func everyPartCarriesItAndSoDoInFlightAttempts() throws {
        var post = makePost("cw1", parts: ["one", "two"], targets: [target("brand", at: 10)])
        post.content = Array("Account: brand\nContent-Warning: Spoilers\n\none\n---\ntwo\n".utf8)
        post.contentWarning = "Spoilers"
        try database.acceptFixed(post)
        let id = try database.targetID("cw1", "brand")
        let first = try database.mustClaim(id, now: When.at(11))
        #expect(first.contentWarning == "Spoilers")
        try database.record(first, result: .published(remoteID: "r1"), now: When.at(11))
        let second = try database.mustClaim(id, now: When.at(12))
        #expect(second.part == 1)
        #expect(second.contentWarning == "Spoilers")
        // Not recorded: the daemon "died" with part 2 in flight.
        let inFlight = try database.inFlight()
        #expect(inFlight.count == 1)
        #expect(inFlight.first?.contentWarning == "Spoilers")
    }

    @Test func postsWithoutOneClaimNone() throws {
        try database.acceptFixed(makePost("cw2", parts: ["plain"], targets: [target("brand", at: 10)]))
        let claim = try database.mustClaim(try database.targetID("cw2", "brand"), now: When.at(11))
        #expect(claim.contentWarning == nil)
        #expect(try database.inFlight().first?.contentWarning == nil)
    }
}
