import Foundation
import Testing
@testable import HeraldCore

/// `herald import`'s reading of CSV files into post files: Herald's columns, Hootsuite's bulk layout, the problems
/// of bad rows with their lines, and stable ids.
@Suite struct CSVPostImportTests {
    static func read(_ text: String, source: String = "plan.csv", order: CSVPostImport.DateOrder? = nil)
        -> CSVPostImport.Result
    {
        CSVPostImport.read(text, source: source, dateOrder: order)
    }

    @Test func columnsInAnyOrderAndCaseBecomeHeadersThenTheBody() throws {
        let csv = """
            Text,Not-Before,ACCOUNT,id,Content Warning,media,Kind
            "Launch day, at last!
            ---
            Details follow",2027-01-05 09:00,brand,launch-1,spoilers,"/srv/m/a.png; alt=A chart, rising
            /srv/m/b.png",support

            """
        let result = Self.read(csv)
        #expect(result.problems.isEmpty)
        let row = try #require(result.rows.first)
        #expect(row.line == 2)
        #expect(row.id == "launch-1")
        #expect(row.post == """
            Account: brand
            Not-Before: 2027-01-05 09:00
            Id: launch-1
            Kind: support
            Content-Warning: spoilers
            Media: /srv/m/a.png; alt=A chart, rising
            Media: /srv/m/b.png

            Launch day, at last!
            ---
            Details follow

            """)
        #expect(try PostFile.parse(Array(row.post.utf8)).parts.count == 2)
    }

    @Test func quotingCommasDoubledQuotesCRLFAndMissingTrailingCells() throws {
        let csv = "text,at,author\r\n\"She said \"\"hi\"\", then left\",,\r\nPlain\r\n"
        let result = Self.read(csv)
        #expect(result.problems.isEmpty)
        #expect(result.rows.map(\.line) == [2, 3])
        #expect(result.rows[0].post.hasSuffix("\n\nShe said \"hi\", then left\n"))
        #expect(!result.rows[0].post.contains("At:") && !result.rows[0].post.contains("Author:"))
        #expect(result.rows[1].post.hasSuffix("\n\nPlain\n"))
    }

    @Test func badRowsAreReportedWithTheirLinesAndTheRestStillRead() {
        let csv = """
            text,at,account
            Fine,,brand
            ,,brand
            Too,many,cells,here
            Spans,"2027-01-05
            09:00",brand
            Also fine,,

            """
        let result = Self.read(csv)
        #expect(result.rows.map(\.line) == [2, 7])
        #expect(result.problems == [
            CSVPostImport.Problem(line: 3, message: "the text is empty"),
            CSVPostImport.Problem(line: 4, message: "4 cells for 3 columns (a comma in an unquoted cell?)"),
            CSVPostImport.Problem(line: 5, message: "the at cell spans lines"),
        ])
    }

    @Test(arguments: [
        ("txt,at\nHello,\n", 1, #"unknown column "txt"; the columns are"#),
        ("account,at\nbrand,\n", 1, #"no "text" column"#),
        ("text,Text\na,b\n", 1, #"column "Text" is named twice"#),
        ("text\n\"never closed\n", 2, "a quoted cell is never closed"),
        ("", 1, "the file has no rows"),
        ("text\n", 1, "the file has a header and no rows"),
    ])
    func fileProblems(_ csv: String, _ line: Int, _ message: String) throws {
        let problem = try #require(Self.read(csv).problems.first)
        #expect(problem.line == line)
        #expect(problem.message.hasPrefix(message), "\(problem)")
    }

    @Test func idsAreStableAndSayWhichFileAndRowTheyCameFrom() {
        let csv = "text,at\nSame row,2027-01-05 09:00\nOther row,\n"
        let first = Self.read(csv).rows.map(\.id)
        #expect(first == Self.read(csv).rows.map(\.id))
        #expect(first[0] != first[1])
        #expect(first[0].hasPrefix("csv-") && first[0].count == 20)
        #expect(Self.read(csv, source: "/other/dir/plan.csv").rows.map(\.id) == first, "the base name counts")
        #expect(Self.read(csv, source: "march.csv").rows.map(\.id) != first)
        #expect(Self.read("text,at\nSame row,2027-01-05 09:30\n").rows.first?.id != first[0], "an edited row")
    }

    // MARK: Hootsuite

    @Test func hootsuitesLayoutWithAHeaderDayFirst() throws {
        let csv = "Date,Message,Link\n25/12/2026 09:30,Merry Christmas,https://example.com/x\n"
            + "02/01/2027 10:00,New year,\n"
        let result = Self.read(csv)
        #expect(result.problems.isEmpty)
        #expect(result.rows.map(\.line) == [2, 3])
        let first = try #require(result.rows.first)
        #expect(first.post == "At: 2026-12-25 09:30:00\nId: \(first.id)\n\nMerry Christmas https://example.com/x\n")
        #expect(result.rows[1].post.hasPrefix("At: 2027-01-02 10:00:00\n"))
    }

    @Test func hootsuitesLayoutWithoutAHeaderMonthFirst() {
        let result = Self.read("12/25/2026 09:30,Merry Christmas\n01/02/2027 10:00,New year\n")
        #expect(result.problems.isEmpty)
        #expect(result.rows.map(\.line) == [1, 2])
        #expect(result.rows.map { $0.post.prefix(24) } == ["At: 2026-12-25 09:30:00\n", "At: 2027-01-02 10:00:00\n"])
    }

    @Test func ambiguousDatesAreAskedAboutNotGuessed() {
        let csv = "date,message\n01/02/2027 10:00,Which day?\n"
        #expect(Self.read(csv).problems == [CSVPostImport.Problem(
            line: 2, message: "the dates read both as day/month and as month/day: say which with --date-order dmy "
                + "or mdy")])
        #expect(Self.read(csv, order: .dmy).rows.first?.post.hasPrefix("At: 2027-02-01 10:00:00") == true)
        #expect(Self.read(csv, order: .mdy).rows.first?.post.hasPrefix("At: 2027-01-02 10:00:00") == true)
    }

    @Test func hootsuiteRowsThatAreNotDatesOrHaveNoMessage() {
        let csv = "date,message,link\n31/12/2026 09:00,Fine,\n12/31/2026 09:00,Wrong order,\nsoon,Nope,\n"
            + "30/12/2026 08:00,,\n"
        #expect(Self.read(csv).problems.last == CSVPostImport.Problem(
            line: 2, message: "the dates are written both ways (line 2 day first, line 3 month first): say which "
                + "with --date-order dmy or mdy"))
        let result = Self.read(csv, order: .dmy)
        #expect(result.rows.map(\.line) == [2])
        #expect(result.problems == [
            CSVPostImport.Problem(line: 4, message: "expected a date (MM/DD/YYYY HH:MM or DD/MM/YYYY HH:MM), a "
                + "message and an optional link"),
            CSVPostImport.Problem(line: 3, message: "\"12/31/2026 09:00\" is not a date in dmy order"),
            CSVPostImport.Problem(line: 5, message: "the message is empty"),
        ])
    }

    @Test func tenThousandRowsAreRead() {
        var csv = "account,at,text\n"
        for index in 0..<10_000 { csv += "brand,2027-03-01 10:00,\"Row \(index), quoted\nsecond line\"\n" }
        let result = Self.read(csv)
        #expect(result.problems.isEmpty)
        #expect(result.rows.count == 10_000)
        #expect(result.rows.last?.line == 20_000)
        #expect(Set(result.rows.map(\.id)).count == 10_000)
    }
}
