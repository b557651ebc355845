import Foundation
import Testing

@testable import HeraldStore

@Test func experimentTwoClaimsInFlightOnOneAccount() throws {
    let scratch = try Scratch()
    let database = try scratch.open()
    try database.acceptFixed(makePost("a", targets: [target("brand", at: 0)]))
    try database.acceptFixed(makePost("b", targets: [target("brand", at: 0)]))
    let a = try database.mustClaim(try database.targetID("a", "brand"), now: When.t0)
    let b = try database.mustClaim(try database.targetID("b", "brand"), now: When.t0)
    print("EXPERIMENT seqs", a.seq, b.seq)
    try database.record(a, result: .published(remoteID: "ra"), now: When.t0)
    do {
        try database.record(b, result: .published(remoteID: "rb"), now: When.t0)
        print("EXPERIMENT second record ok")
    } catch {
        print("EXPERIMENT second record failed: \(error)")
    }
    print("EXPERIMENT inFlight", try database.inFlight().map(\.postID))
}
