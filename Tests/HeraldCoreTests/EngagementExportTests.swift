import Foundation
import Testing
@testable import HeraldCore

@Suite("EngagementExport")
struct EngagementExportTests {
    static let header = "\"Tweet id\",\"Tweet permalink\",\"Tweet text\",\"time\",\"impressions\",\"engagements\","
        + "\"engagement rate\",\"retweets\""

    @Test("reads X's columns by name, ignores the others, and follows quoting across commas, quotes and lines")
    func readsExport() throws {
        let text = Self.header + "\n"
            + "\"1\",\"https://x.com/a/1\",\"Hello, \"\"world\"\"\",\"2026-11-23 14:05 +0000\","
            + "\"1200\",\"37\",\"0.03\",\"2\"\n"
            + "\"2\",\"https://x.com/a/2\",\"two\nlines\",\"2026-11-23 18:30 -0500\","
            + "\"1,500\",\"40.0\",\"0.02\",\"0\"\r\n"
            + "\n"
            + "3,https://x.com/a/3,plain,2026-11-24T09:00:00Z,10,0,0,0\n"
        let export = try EngagementExport(csv: "\u{FEFF}" + text)
        #expect(export.problems.isEmpty)
        #expect(export.rows == [
            EngagementExport.Row(line: 2, time: PlanTestSupport.at("2026-11-23T14:05:00Z"), impressions: 1200,
                                 engagements: 37),
            EngagementExport.Row(line: 3, time: PlanTestSupport.at("2026-11-23T23:30:00Z"), impressions: 1500,
                                 engagements: 40),
            EngagementExport.Row(line: 6, time: PlanTestSupport.at("2026-11-24T09:00:00Z"), impressions: 10,
                                 engagements: 0),
        ])
        // Column order and case do not matter.
        let reordered = try EngagementExport(csv: "Engagements,TIME,Impressions\n5,2026-11-23 14:05 UTC,9\n")
        #expect(reordered.rows.first?.engagements == 5 && reordered.rows.first?.impressions == 9)
    }

    @Test("bad rows are reported with their line and skipped")
    func badRows() throws {
        let text = "time,impressions,engagements\n"
            + "2026-11-23 14:05 +0000,100,3\n"         // line 2: fine
            + "2026-11-23 14:05,100,3\n"               // line 3: no offset
            + "2026-13-23 14:05 +0000,100,3\n"         // line 4: month 13
            + "2026-11-23 14:05 +0000,-1,3\n"          // line 5: negative
            + "2026-11-23 14:05 +0000,100,lots\n"      // line 6: not a number
            + "2026-11-23 14:05 +0000,100\n"           // line 7: too few fields
            + "2026-11-24 08:00:30.5 +01:00,7,1\n"     // line 8: fine, seconds and fraction
        let export = try EngagementExport(csv: text)
        #expect(export.rows.map(\.line) == [2, 8])
        #expect(export.rows.last?.time == PlanTestSupport.at("2026-11-24T07:00:30Z"))
        #expect(export.problems.map(\.line) == [3, 4, 5, 6, 7])
        #expect(export.problems[0].description.hasPrefix("line 3: bad time \"2026-11-23 14:05\""))
        #expect(export.problems[3].description == "line 6: bad engagements \"lots\" (expected a number ≥ 0)")
        #expect(export.problems[4].description == "line 7: expected at least 3 fields, found 2")
    }

    @Test("a file with nothing usable is an error, and so is a missing column or an open quote")
    func errors() {
        #expect(throws: EngagementExportError.empty) { try EngagementExport(csv: "") }
        #expect(throws: EngagementExportError.missingColumns(["impressions"], line: 1)) {
            try EngagementExport(csv: "time,engagements\n2026-11-23 14:05 +0000,3\n")
        }
        #expect(throws: EngagementExportError.unterminatedQuote(line: 3)) {
            try EngagementExport(csv: "time,impressions,engagements\n2026-11-23 14:05 +0000,1,1\n\"2026,1,1\n")
        }
        let noRows = EngagementExportError.nothingUsable(problems: [
            EngagementExport.Problem(line: 2, message: "bad time \"yesterday\" (expected \"2026-11-23 14:05 +0000\" "
                + "or RFC 3339, with a UTC offset)"),
        ])
        #expect(throws: noRows) { try EngagementExport(csv: "time,impressions,engagements\nyesterday,1,1\n") }
        #expect(throws: EngagementExportError.nothingUsable(problems: [])) {
            try EngagementExport(csv: "time,impressions,engagements\n")
        }
        #expect(noRows.description.hasPrefix("no usable row\nline 2: bad time"))
    }
}
