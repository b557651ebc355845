import Foundation
import Testing
@testable import HeraldCore

/// An account's own statuses and their figures as the fitter's rows, and the fit's refusals.
@Suite("HistoryLearning")
struct HistoryLearningTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_442_400)  // Monday 2026-11-23 14:00 UTC

    static func metrics(_ engagements: Int) -> StatusMetrics {
        StatusMetrics(likes: engagements, reposts: 0, replies: 0)
    }

    /// `count` statuses an hour apart from t0, each with `engagements` at 24 h.
    static func hourly(_ count: Int, engagements: Int) -> [MetricsSample] {
        (0..<count).map { index in
            MetricsSample(publishedAt: t0.addingTimeInterval(Double(index) * 3600),
                          metrics: [86_400: metrics(engagements)])
        }
    }

    @Test func theSignalIsTheFigureAt24HoursElseTheLatestAge() {
        let samples = [
            MetricsSample(publishedAt: Self.t0, metrics: [3600: Self.metrics(2), 86_400: Self.metrics(9),
                                                         604_800: Self.metrics(12)]),
            MetricsSample(publishedAt: Self.t0.addingTimeInterval(60), metrics: [3600: Self.metrics(4)]),
            MetricsSample(publishedAt: Self.t0.addingTimeInterval(120), metrics: [604_800: Self.metrics(7)]),
            MetricsSample(publishedAt: Self.t0.addingTimeInterval(180), metrics: [:]),
        ]
        let rows = HistoryLearning.rows(samples)
        #expect(rows.map(\.engagements) == [9, 4, 7])
        #expect(rows.map(\.time) == samples.prefix(3).map(\.publishedAt))
    }

    @Test func impressionsAreCarriedWhereTheNetworkGivesThem() {
        let sample = MetricsSample(publishedAt: Self.t0, metrics: [
            86_400: StatusMetrics(likes: 1, reposts: 1, replies: 1, quotes: 1, impressions: 500)])
        #expect(HistoryLearning.rows([sample]).first?.impressions == 500)
        #expect(HistoryLearning.rows([sample]).first?.engagements == 4)
    }

    @Test func tooFewStatusesIsAnErrorSayingHowManyAreNeeded() {
        let samples = Self.hourly(5, engagements: 3)
        #expect(throws: HistoryLearningError.tooFewStatuses(found: 5, needed: HistoryLearning.minimumStatuses)) {
            try HistoryLearning.fit(samples, zone: TimeZone(identifier: "UTC")!, halfLife: 60, now: Self.t0,
                                    prior: .standard)
        }
        let message = HistoryLearningError.tooFewStatuses(found: 5, needed: 20).description
        #expect(message.contains("5 published statuses") && message.contains("at least 20"))
    }

    @Test func statusesNobodyReactedToAreNoSignal() {
        let samples = Self.hourly(30, engagements: 0)
        #expect(throws: HistoryLearningError.noSignal(statuses: 30)) {
            try HistoryLearning.fit(samples, zone: TimeZone(identifier: "UTC")!, halfLife: 60, now: Self.t0,
                                    prior: .standard)
        }
    }

    @Test func theLearnedCurvePeaksWhereTheStatusesDidBest() throws {
        // Four weeks of a status every 3 hours; those at 14:00 UTC get ten times the engagement.
        let samples = (0..<(4 * 7 * 8)).map { index -> MetricsSample in
            let published = Self.t0.addingTimeInterval(-Double(index) * 3 * 3600 - 7 * 86_400)
            let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!,
                                                                       from: published).hour!
            return MetricsSample(publishedAt: published, metrics: [86_400: Self.metrics(hour == 14 ? 50 : 5)])
        }
        let fit = try HistoryLearning.fit(samples, zone: TimeZone(identifier: "UTC")!, halfLife: 60, now: Self.t0,
                                          prior: .standard)
        #expect(fit.posts == samples.count)
        // What the planner maximises is the reach of a status (the curve over the hours after it): best at 14:00.
        let utc = TimeZone(identifier: "UTC")!
        let model = ReachModel(audience: .single(name: "learned", zone: utc, curve: fit.curve), halfLife: 60)
        let monday = Self.t0.addingTimeInterval(-14 * 3600)
        let best = (0..<ActivityCurve.count).max {
            model.reach(at: monday.addingTimeInterval(Double($0) * 900))
                < model.reach(at: monday.addingTimeInterval(Double($1) * 900))
        }!
        #expect((13...14).contains((best % 96) / 4), "best at \(ActivityCurve.label(ofQuarter: best))")
    }
}
