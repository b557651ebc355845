import Foundation
import GRDB
import HeraldCore
import Testing

@testable import HeraldStore

/// Issue 16: learned curves are stored typed (672 doubles), a damaged one is reported rather than dropped, and a
/// v4 database's CSV curves are converted by the upgrade.
@Suite("Learned curves in the store")
struct LearnedCurveStorageTests {
    static func peaked(at quarter: Int) throws -> ActivityCurve {
        var values = [Double](repeating: 0.1, count: ActivityCurve.count)
        values[quarter] = 1
        return try ActivityCurve(values: values)
    }

    @Test func aCurveRoundTripsExactlyThroughItsStoredForm() throws {
        let values = (0..<ActivityCurve.count).map { Double($0) / 7 + 1e-300 }
        let curve = try ActivityCurve(values: values)
        #expect(curve.storedBytes.count == ActivityCurve.count * 8)
        #expect(try ActivityCurve.decoding(stored: curve.storedBytes).get() == curve)
        #expect(ActivityCurve.decoding(stored: nil) == .failure(.missing))
        var negative = curve.storedBytes
        negative[7] |= 0x80  // the sign bit of the first value (little-endian)
        guard case .failure(.invalid) = ActivityCurve.decoding(stored: negative) else {
            Issue.record("a negative value must not decode")
            return
        }
    }

    @Test func aDamagedCurveIsReportedAndTheAudienceApplies() throws {
        let scratch = try Scratch()
        let database = try scratch.open()
        try database.saveLearnedCurve(account: "brand", curve: ActivityCurve.standard, posts: 12, now: When.t0)
        try database.transaction { db in
            try db.execute(sql: "UPDATE learned_curves SET activity = ? WHERE account = 'brand'",
                           arguments: [Data(count: 40)])
        }
        let learned = try database.learnedCurves()
        #expect(learned.curves.isEmpty)
        #expect(learned.problems == ["brand": .wrongSize(bytes: 40)])
        #expect(learned.problemDescriptions == ["learned curve of brand: stored curve is 40 bytes, not 5376; planning "
            + "with its audience (herald learn --account brand again, or --reset)"])
        var config = HeraldConfiguration(accounts: [PlanningTests.account])
        config.audiences = [PlanningTests.audience]
        #expect(try database.planningContext(config).accounts.first?.audience == PlanningTests.audience)
        try database.saveLearnedCurve(account: "brand", curve: ActivityCurve.standard, posts: 13, now: When.t0)
        #expect(try database.learnedCurves() == LearnedCurves(curves: ["brand": .standard]))
    }

    @Test(.enabled(if: TestStore.onSQLite, "an upgrade of a SQLite file"))
    func aV4DatabaseHasItsCSVCurvesConvertedAndABadOneReported() throws {
        let scratch = try Scratch()
        let curve = try Self.peaked(at: 40)
        do {
            let queue = try DatabaseQueue(path: scratch.databasePath)
            try AppDatabase.migrator.migrate(queue, upTo: "v4-planner")
            let insert = "INSERT INTO learned_curves (account, curve, posts, learned_at) VALUES (?, ?, 9, 0)"
            try queue.write { db in
                try db.execute(sql: insert, arguments: ["brand", curve.csv])
                try db.execute(sql: insert, arguments: ["ceo", "day,time,activity\nMon,00:00,0.5\n"])
            }
        }
        let learned = try scratch.open().learnedCurves()
        #expect(learned.curves == ["brand": curve])
        #expect(learned.problems == ["ceo": .missing])
    }
}
