import Foundation
import Testing
@testable import HeraldCore

/// When a status's engagement is fetched: at 1 h, 24 h and 7 d, a late fetch counting for the latest age it reached.
@Suite("MetricsSchedule")
struct MetricsScheduleTests {
    static let published = Date(timeIntervalSince1970: 1_795_442_400)
    let schedule = MetricsSchedule.standard

    func step(afterHours hours: Double) -> MetricsSchedule.Step {
        schedule.step(publishedAt: Self.published, now: Self.published.addingTimeInterval(hours * 3600))
    }

    @Test func theFirstFetchIsAnHourAfterPublication() {
        #expect(schedule.firstDue(publishedAt: Self.published) == Self.published.addingTimeInterval(3600))
        #expect(step(afterHours: 0.5) == .init(age: nil, next: Self.published.addingTimeInterval(3600)))
    }

    @Test func eachAgeOnTimeLeadsToTheNext() {
        #expect(step(afterHours: 1) == .init(age: 3600, next: Self.published.addingTimeInterval(86_400)))
        #expect(step(afterHours: 24) == .init(age: 86_400, next: Self.published.addingTimeInterval(604_800)))
        #expect(step(afterHours: 168) == .init(age: 604_800, next: nil))
    }

    @Test func aLateFetchCountsForTheLatestAgeReachedAndSkipsTheOvertakenOnes() {
        // The daemon was down for a day: the 1 h fetch at 30 h is the 24 h figure, and 7 d comes next.
        #expect(step(afterHours: 30) == .init(age: 86_400, next: Self.published.addingTimeInterval(604_800)))
        // Found a month later (an upgrade's past statuses): the 7 d figure, and nothing more.
        #expect(step(afterHours: 24 * 30) == .init(age: 604_800, next: nil))
    }

    @Test func theMigrationsTriggerSchedulesTheFirstAge() {
        // `v13-metrics` writes 3600 into its trigger; the schedule and the trigger must agree.
        #expect(MetricsSchedule.standard.ages.first == 3600)
    }

    @Test func agesAreLabelledAsHistoryShowsThem() {
        #expect(schedule.ages.map(MetricsSchedule.label) == ["1h", "24h", "7d"])
        #expect(MetricsSchedule.label(90) == "90s")
        #expect(MetricsSchedule.label(1800) == "30m")
    }

    @Test func engagementsCountEveryReactionButNotViews() {
        #expect(StatusMetrics(likes: 3, reposts: 2, replies: 1, quotes: 4, impressions: 900).engagements == 10)
        #expect(StatusMetrics(likes: 3, reposts: 2, replies: 1).engagements == 6)
    }
}
