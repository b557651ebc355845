import Foundation
import HeraldDaemon
import Testing

/// Post ids increase (issue 12: random ids scattered every insert over the database's indexes), stay ten
/// characters of Crockford base32, and never repeat: within a second, when the clock steps back, across restarts.
@Suite struct PostIDGeneratorTests {
    static let alphabet = Set("0123456789abcdefghjkmnpqrstvwxyz")
    static let t0 = Date(timeIntervalSince1970: 1_795_442_400)

    /// A seeded generator, so runs are repeatable.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test func idsIncreaseWithinASecondAcrossSecondsAndWhenTheClockStepsBack() {
        var ids = PostIDGenerator()
        var random = Seeded(state: 1)
        let instants = [0.0, 0, 0.5, 1, 1, -30, -30, 2, 3600].map { Self.t0.addingTimeInterval($0) }
        let made = instants.map { ids.make(now: $0, using: &random) }
        #expect(made == made.sorted() && Set(made).count == made.count, "\(made)")
        #expect(made.allSatisfy { $0.count == 10 && $0.allSatisfy(Self.alphabet.contains) })
        // A new second starts above every id of the one before, in the lower half of its own range.
        #expect(made[7] > made[6] && made[8].prefix(5) != made[0].prefix(5))
    }

    @Test func aLongBurstWithinOneSecondNeverRepeats() {
        var ids = PostIDGenerator()
        var random = Seeded(state: 7)
        let made = (0..<200_000).map { _ in ids.make(now: Self.t0, using: &random) }
        #expect(Set(made).count == made.count)
        #expect(made == made.sorted())
    }

    @Test func aRestartCountsOnFromTheHighestStoredID() {
        var first = PostIDGenerator()
        var random = Seeded(state: 3)
        let before = (0..<5).map { _ in first.make(now: Self.t0, using: &random) }
        // Restarted in the same second, with the clock set back, and after an id from before ids increased.
        var again = PostIDGenerator(after: before.last)
        #expect(again.make(now: Self.t0.addingTimeInterval(-5), using: &random) > before.last!)
        var afterRandom = PostIDGenerator(after: "zzzzzzzzzy")
        #expect(afterRandom.make(now: Self.t0, using: &random) == "zzzzzzzzzz")
        // Ids of another shape (a session's) are no starting point.
        var fresh = PostIDGenerator(after: "s-show-a")
        #expect(fresh.make(now: Self.t0, using: &random).count == 10)
    }
}
