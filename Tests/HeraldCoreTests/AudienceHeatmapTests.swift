import Foundation
import Testing

@testable import HeraldCore

@Suite("Audience heatmap")
struct AudienceHeatmapTests {
    let newYork = TimeZone(identifier: "America/New_York")!
    let utc = TimeZone(identifier: "UTC")!

    /// Activity only on Tuesday 19:00–20:00 local.
    func tuesdayEvening() throws -> ActivityCurve {
        var values = [Double](repeating: 0, count: ActivityCurve.count)
        for quarter in 0..<4 { values[96 + 19 * 4 + quarter] = 1 }
        return try ActivityCurve(values: values)
    }

    @Test func theWeekStartsOnMondayMidnightLocal() {
        // Wednesday 2026-11-25 03:00 UTC is Tuesday 22:00 in New York.
        let now = Date(timeIntervalSince1970: 1_795_575_600)
        #expect(AudienceHeatmap.mondayMidnight(containing: now, zone: newYork).description == "2026-11-23 00:00:00")
        #expect(AudienceHeatmap.mondayMidnight(containing: now, zone: utc).description == "2026-11-23 00:00:00")
        // Sunday late evening still belongs to the week that began six days before.
        let sunday = Date(timeIntervalSince1970: 1_795_993_200)  // 2026-11-29 23:00 UTC
        #expect(AudienceHeatmap.mondayMidnight(containing: sunday, zone: utc).description == "2026-11-23 00:00:00")
    }

    @Test func theBestHourIsOneAndSitsWhereTheAudienceIsActiveInLocalTime() throws {
        let audience = Audience.single(name: "a", zone: newYork, curve: try tuesdayEvening())
        let model = ReachModel(audience: audience, halfLife: 1)
        let map = AudienceHeatmap.week(containing: Date(timeIntervalSince1970: 1_795_575_600), model: model,
                                       zone: newYork)
        #expect(map.values.count == 7 && map.values.allSatisfy { $0.count == 24 })
        #expect(map.values[1][19] == 1)
        #expect(map.values.joined().allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(map.values[1][12] < 0.01)
        // Seen from Oslo, the New York evening is the small hours of Wednesday.
        let oslo = TimeZone(identifier: "Europe/Oslo")!
        let fromOslo = AudienceHeatmap.week(containing: Date(timeIntervalSince1970: 1_795_575_600), model: model,
                                            zone: oslo)
        #expect(fromOslo.values[2][1] == 1)
    }

    @Test func plannedPostsAreMarkedInLocalHoursAndOthersIgnored() throws {
        let model = ReachModel(audience: .single(name: "a", zone: newYork), halfLife: 24)
        let now = Date(timeIntervalSince1970: 1_795_575_600)
        let tuesday9 = newYork.date(for: LocalDateTime(year: 2026, month: 11, day: 24, hour: 9, minute: 15)!)
        let nextWeek = tuesday9.addingTimeInterval(7 * 86_400)
        let map = AudienceHeatmap.week(containing: now, model: model, zone: newYork,
                                       planned: [tuesday9, tuesday9, nextWeek])
        #expect(map.marks == [AudienceHeatmap.Cell(day: 1, hour: 9): 2])
    }

    @Test func terminalRenderingsHaveAllHoursAndMarks() throws {
        let model = ReachModel(audience: .single(name: "a", zone: utc), halfLife: 24)
        let planned = utc.date(for: LocalDateTime(year: 2026, month: 11, day: 23, hour: 8)!)
        let map = AudienceHeatmap.week(containing: planned, model: model, zone: utc, planned: [planned])
        let plain = map.renderTerminal(color: false)
        let lines = plain.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 27)  // title, day names, 24 hours, final newline
        #expect(lines[1].contains("Mon") && lines[1].contains("Sun"))
        #expect(lines[10].hasPrefix("08:00") && lines[10].contains("●"))
        #expect(!plain.contains("\u{1B}"))
        let colored = map.renderTerminal(color: true)
        #expect(colored.contains("\u{1B}[48;5;") && colored.contains("●"))
    }

    @Test func svgHasACellPerHourAndAMarkPerPlannedHour() throws {
        let model = ReachModel(audience: .single(name: "a", zone: newYork), halfLife: 24)
        let planned = newYork.date(for: LocalDateTime(year: 2026, month: 11, day: 25, hour: 12, minute: 30)!)
        let svg = AudienceHeatmap.week(containing: planned, model: model, zone: newYork, planned: [planned])
            .renderSVG()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 168)
        #expect(svg.components(separatedBy: "<circle ").count - 1 == 1)
        #expect(svg.contains("America/New_York"))
        #expect(AudienceHeatmap.hex(0) == "#fff7bc" && AudienceHeatmap.hex(1) == "#b10026")
    }
}
