import Foundation
import Testing
@testable import HeraldCore

/// The reach formula against values worked out by hand. Curves are mostly zero with a few 1s ("impulses") and the
/// half-life is 15 minutes, so each term is a power of ½ and every expected value can be checked on paper.
@Suite("ReachModel")
struct ReachModelTests {
    typealias Support = PlanTestSupport

    static func model(_ zones: [(String, Double, ActivityCurve)], halfLife: Double = 15) -> ReachModel {
        let audience = Audience(name: "test", zones: zones.map {
            Audience.Zone(timeZone: Support.zone($0.0), weight: $0.1, curve: $0.2)
        })
        return ReachModel(audience: audience, halfLife: halfLife)
    }

    static let flat = ActivityCurve(trusted: Array(repeating: 1, count: ActivityCurve.count))

    @Test("a flat curve: w · Σ 2^(−15k/h), k = 0…95")
    func flatCurve() {
        // h = 15: 2 · (1 + ½ + … + 2^−95) = 2 · (2 − 2^−95) = 4 − 2^−94.
        let fast = Self.model([("UTC", 2, Self.flat)])
        #expect(abs(fast.reach(at: Support.at("2026-06-01T10:07:00Z")) - (4 - pow(2, -94))) < 1e-12)
        // h = 24 (X's default): Σ 2^(−0.625k) = (1 − 2^−60) / (1 − 2^−0.625).
        let x = Self.model([("Europe/Oslo", 1, Self.flat)], halfLife: 24)
        let expected = (1 - pow(2, -60)) / (1 - pow(2, -0.625))
        #expect(abs(x.reach(at: Support.at("2026-06-01T10:00:00Z")) - expected) < 1e-12)
    }

    @Test("an impulse k quarter hours ahead counts 2^−k; the quarter hour containing t counts fully")
    func impulse() {
        let model = Self.model([("UTC", 1, Support.impulses(["Mon,10:00": 1]))])
        #expect(model.reach(at: Support.at("2026-06-01T10:00:00Z")) == 1)       // Monday 10:00, k = 0
        #expect(model.reach(at: Support.at("2026-06-01T10:14:59Z")) == 1)       // same quarter hour
        #expect(model.reach(at: Support.at("2026-06-01T09:59:00Z")) == 0.5)     // k = 1
        #expect(model.reach(at: Support.at("2026-06-01T09:15:00Z")) == 0.125)   // k = 3
        #expect(model.reach(at: Support.at("2026-06-01T10:15:00Z")) == 0)       // gone: only the future counts
        // 95 quarter hours ahead is the last term; 96 is outside the 24-hour window.
        #expect(model.reach(at: Support.at("2026-05-31T10:15:00Z")) == pow(2, -95))
        #expect(model.reach(at: Support.at("2026-05-31T10:00:00Z")) == 0)
    }

    @Test("New York springs forward inside the window: 02:00 never happens, 03:00 EDT comes 2 quarter hours later")
    func springForward() {
        // 2026-03-08 06:30Z is 01:30 EST; at 07:00Z clocks jump from 02:00 EST to 03:00 EDT.
        // New York (0.6): 07:00Z is 03:00 EDT, k = 2 → 0.6 · ¼. "Sun,02:00" does not exist that day → 0.
        //   (A fixed EST offset would read 02:00 at k = 2 and 03:00 at k = 6: 0.6 · (¼ + 1/64).)
        // London (0.4), still GMT: 07:00Z is Sun 07:00, k = 2 → 0.4 · ¼.
        let model = Self.model([
            ("America/New_York", 0.6, Support.impulses(["Sun,02:00": 1, "Sun,03:00": 1])),
            ("Europe/London", 0.4, Support.impulses(["Sun,07:00": 1])),
        ])
        #expect(abs(model.reach(at: Support.at("2026-03-08T06:30:00Z")) - 0.25) < 1e-15)
    }

    @Test("New York falls back inside the window: 01:30 happens twice and counts twice")
    func fallBack() {
        // 2026-11-01 05:30Z is 01:30 EDT (k = 0); 06:30Z is 01:30 EST again (k = 4): 1 + 1/16.
        let model = Self.model([("America/New_York", 1, Support.impulses(["Sun,01:30": 1]))])
        #expect(model.reach(at: Support.at("2026-11-01T05:30:00Z")) == 1.0625)
    }

    @Test("a zone on the other side of a DST change: Sydney falls back while New York stays on EDT")
    func otherHemisphere() {
        // Saturday 2026-04-04 15:30Z: New York 11:30 EDT; Sydney Sunday 02:30 AEDT. At 16:00Z Sydney's clocks go
        // back from 03:00 AEDT to 02:00 AEST, so 16:30Z is 02:30 AEST: Sydney reads "Sun,02:30" at k = 0 and 4.
        // New York: 16:00Z is 12:00 EDT, k = 2. Reach = 0.5 · ¼ + 0.5 · (1 + 1/16) = 0.65625.
        let model = Self.model([
            ("America/New_York", 0.5, Support.impulses(["Sat,12:00": 1])),
            ("Australia/Sydney", 0.5, Support.impulses(["Sun,02:30": 1])),
        ])
        #expect(model.reach(at: Support.at("2026-04-04T15:30:00Z")) == 0.65625)
    }

    @Test("weights are used as given, not normalised")
    func weightsAsGiven() {
        let once = Self.model([("UTC", 1, Support.impulses(["Mon,10:00": 1]))])
        let twice = Self.model([("UTC", 2, Support.impulses(["Mon,10:00": 1]))])
        let at = Support.at("2026-06-01T09:30:00Z")
        #expect(twice.reach(at: at) == 2 * once.reach(at: at))
    }

    @Test("the planner's grid reach equals the formula at every grid instant, across DST changes in five zones")
    func gridMatchesFormula() {
        var random = Support.Random(seed: 7)
        let model = Self.model([
            ("America/New_York", 0.5, Support.randomCurve(&random)),
            ("Europe/London", 0.3, Support.randomCurve(&random)),
            ("Australia/Sydney", 0.2, Support.randomCurve(&random)),
            ("Australia/Lord_Howe", 0.1, Support.randomCurve(&random)),  // +11 → +10:30 at 15:00Z on Apr 4
            ("Asia/Kathmandu", 0.1, Support.randomCurve(&random)),       // +5:45
        ], halfLife: 24)
        // 2026-03-27 … 2026-04-06: London springs forward (Mar 29), Sydney and Lord Howe fall back (Apr 5).
        let origin = Int64(Support.at("2026-03-27T00:05:00Z").timeIntervalSince1970)
        let count = 10 * 288
        var grid = PlanningGrid(origin: origin, count: count + 285)
        let fast = model.reach(on: &grid, count: count)
        var worst = 0.0
        for index in stride(from: 0, to: count, by: 1) {
            let exact = model.reach(at: Date(timeIntervalSince1970: TimeInterval(grid.seconds(index))))
            worst = max(worst, abs(fast[index] - exact) / exact)
        }
        #expect(worst < 1e-12)
        // Instants of one quarter hour have bit-identical reach (a tie the planner resolves to the earliest).
        // The origin is 00:05, so instants 0–1 are 00:05 and 00:10, and 2–4 are 00:15, 00:20 and 00:25.
        #expect(fast[0] == fast[1] && fast[2] == fast[3] && fast[3] == fast[4] && fast[1] != fast[2])
    }
}
