import Foundation
import Testing
@testable import HeraldCore

/// The quarter hours `herald audience` marks: highest mean engagement, in the account's local week.
@Suite("BestQuarter")
struct BestQuarterTests {
    static let monday = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23 00:00 UTC, a Monday
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func sample(hours: Double, engagements: Int) -> MetricsSample {
        MetricsSample(publishedAt: monday.addingTimeInterval(hours * 3600),
                      metrics: [86_400: StatusMetrics(likes: engagements, reposts: 0, replies: 0)])
    }

    @Test func theHighestMeansInLocalTimeFirst() {
        let samples = [
            Self.sample(hours: 19, engagements: 40), Self.sample(hours: 19 + 168, engagements: 60),  // Mon 14:00 NY
            Self.sample(hours: 20, engagements: 10), Self.sample(hours: 20 + 168, engagements: 10),  // Mon 15:00 NY
            Self.sample(hours: 21, engagements: 900),  // one lucky status: left out, habits exist
        ]
        let best = BestQuarter.best(samples, zone: Self.newYork, count: 5)
        #expect(best == [BestQuarter(quarter: 14 * 4, mean: 50, statuses: 2),
                         BestQuarter(quarter: 15 * 4, mean: 10, statuses: 2)])
        #expect(BestQuarter.best(samples, zone: Self.newYork, count: 1).count == 1)
    }

    @Test func singleStatusesCountWhenThatIsAllThereIs() {
        let samples = [Self.sample(hours: 1, engagements: 3), Self.sample(hours: 2, engagements: 0)]
        #expect(BestQuarter.best(samples, zone: TimeZone(identifier: "UTC")!, count: 5)
                == [BestQuarter(quarter: 4, mean: 3, statuses: 1)], "no engagement at all is not a best hour")
    }

    @Test func theHeatmapMarksTheirHours() {
        let model = ReachModel(audience: .single(name: "a", zone: Self.newYork), halfLife: 60)
        let map = AudienceHeatmap.week(containing: Self.monday.addingTimeInterval(86_400), model: model,
                                       zone: Self.newYork, best: [BestQuarter(quarter: 96 + 14 * 4 + 2, mean: 5,
                                                                              statuses: 2)])
        #expect(map.best == [AudienceHeatmap.Cell(day: 1, hour: 14)])
        let text = map.renderTerminal(color: false)
        #expect(text.contains("★ = performed best"))
        #expect(text.split(separator: "\n").first { $0.hasPrefix("14:00") }?.contains("★") == true)
        #expect(map.renderSVG().contains("performed best"))
    }
}
