import Foundation
import Testing

/// `herald import FILE.csv` against a real spool and daemon: rows become posts the daemon accepts, bad rows are named
/// by their line and stop the import, and importing again adds nothing.
@Suite("herald import")
struct ImportTests {
    static let future = "2099-03-01 10:00"

    @Test("every row becomes a post the daemon accepts; importing the file again adds nothing")
    func importAndImportAgain() async throws {
        let h = try DaemonHarness()
        let csv = h.path("plan.csv")
        try h.write("""
            text,at,id,author
            "Spring launch, day one",\(Self.future),,dee
            "A thread:
            part one
            ---
            part two",\(Self.future),thread-1,
            Evergreen tip,,,

            """, to: csv)
        let first = try await h.cli(["import", csv])
        #expect(first.status == .exited(0), "\(first)")
        #expect(first.stdout == "imported 3 posts from \(csv)\n", "\(first)")
        #expect(h.incomingNames.count == 3)
        try await h.start()
        _ = try await h.eventually("three posts accepted") { h.events("accepted").count == 3 ? true : nil }
        // The row without `at` goes to the account's next slot: with none configured, out at once.
        try await h.waitForEvent("published")
        let queue = try await h.queue()
        #expect(queue.count == 2)
        #expect(queue.contains { $0["text"] == .string("A thread:\npart one\n---\npart two") })
        #expect(try h.outbox().map(\.text) == ["Evergreen tip"])
        let again = try await h.cli(["import", csv])
        #expect(again.status == .exited(0), "\(again)")
        #expect(again.stdout == "imported 0 posts from \(csv), 3 already imported\n", "\(again)")
        #expect(h.incomingNames.isEmpty)
        // An edited row is a new post; the others are still known.
        try h.write(try String(contentsOfFile: csv, encoding: .utf8).replacingOccurrences(of: "Evergreen tip",
                                                                                            with: "Evergreen tip v2"),
                    to: csv)
        let edited = try await h.cli(["import", csv])
        #expect(edited.stdout == "imported 1 post from \(csv), 2 already imported\n", "\(edited)")
        _ = try await h.eventually("the edited row accepted") { h.events("accepted").count == 4 ? true : nil }
        #expect(h.events("rejected").isEmpty, "nothing was written twice: \(h.diagnostics)")
    }

    @Test("bad rows are named FILE:LINE and nothing is written; --skip-invalid writes the good ones")
    func badRows() async throws {
        let h = try DaemonHarness()
        let csv = h.path("bad.csv")
        try h.write("""
            account,at,text
            brand,\(Self.future),Fine
            nobody,\(Self.future),Unknown account
            brand,\(Self.future),\(String(repeating: "x", count: 281))
            brand,\(Self.future),
            brand,\(Self.future),"Multi
            line, fine"

            """, to: csv)
        let refused = try await h.cli(["import", csv])
        #expect(refused.status == .exited(1), "\(refused)")
        #expect(refused.stderr.contains("\(csv):3: unknown account"), "\(refused)")
        #expect(refused.stderr.contains("\(csv):4: "), "\(refused)")
        #expect(refused.stderr.contains("\(csv):5: the text is empty"), "\(refused)")
        #expect(refused.stderr.contains("nothing imported: 3 of 5 rows are invalid"), "\(refused)")
        #expect(h.incomingNames.isEmpty)

        let dry = try await h.cli(["import", csv, "--dry-run"])
        #expect(dry.status == .exited(1), "\(dry)")
        #expect(dry.stdout.contains("\(csv):2: ok  Id csv-"), "\(dry)")
        #expect(dry.stdout.contains("\(csv):6: ok  Id csv-"), "\(dry)")
        #expect(dry.stdout.contains("2 of 5 rows would be imported"), "\(dry)")
        #expect(h.incomingNames.isEmpty)

        let skipped = try await h.cli(["import", csv, "--skip-invalid"])
        #expect(skipped.status == .exited(0), "\(skipped)")
        #expect(skipped.stdout == "imported 2 posts from \(csv), 3 invalid rows skipped\n", "\(skipped)")
        #expect(h.incomingNames.count == 2)
    }

    @Test("Hootsuite's bulk layout: dates in the account's zone, the link appended, --account for the rows")
    func hootsuite() async throws {
        let h = try DaemonHarness(TestConfig(accounts: [TestConfig.outbox("brand", "time_zone = \"Europe/Oslo\""),
                                                       TestConfig.outbox("news")]))
        let csv = h.path("hootsuite.csv")
        try h.write("Date,Message,Link\n24/12/2099 18:00,God jul,https://example.com/jul\n", to: csv)
        let result = try await h.cli(["import", csv, "--account", "brand", "--dry-run"])
        #expect(result.status == .exited(0), "\(result)")
        let written = try await h.cli(["import", csv, "--account", "brand"])
        #expect(written.status == .exited(0), "\(written)")
        let name = try #require(h.incomingNames.first)
        let post = try String(contentsOfFile: h.incoming + "/" + name, encoding: .utf8)
        #expect(post.hasPrefix("Account: brand\nAt: 2099-12-24 18:00:00\nId: csv-"), "\(post)")
        #expect(post.hasSuffix("\n\nGod jul https://example.com/jul\n"), "\(post)")
        try await h.start()
        _ = try await h.eventually("the post accepted") { h.events("accepted").count == 1 ? true : nil }
        let queue = try await h.queue()
        #expect(queue.first?["scheduled_at"] == .string("2099-12-24T17:00:00Z"), "18:00 in Oslo: \(queue)")
    }

    @Test("10,000 rows: checked, written and known again on the second import")
    func tenThousandRows() async throws {
        let h = try DaemonHarness()
        let csv = h.path("big.csv")
        var text = "at,text\n"
        let letters = Array("bcdfghjklm")
        for index in 0..<10_000 {
            let tag = String(String(index).map { letters[Int(String($0))!] })  // consonants: no digits to misread
            text += "\(Self.future),\"Row \(tag), with a comma\"\n"
        }
        try h.write(text, to: csv)
        let first = try await h.cli(["import", csv])
        #expect(first.status == .exited(0), "\(first.stderr.prefix(2000))")
        #expect(first.stdout == "imported 10000 posts from \(csv)\n")
        #expect(h.incomingNames.count == 10_000)
        let again = try await h.cli(["import", csv])
        #expect(again.stdout == "imported 0 posts from \(csv), 10000 already imported\n", "\(again)")
    }

    @Test("one Id for two accounts in two rows: both written, as the daemon allows")
    func oneIDTwoAccounts() async throws {
        let h = try DaemonHarness(TestConfig(accounts: [TestConfig.outbox("brand"), TestConfig.outbox("news")]))
        let csv = h.path("launch.csv")
        try h.write("account,id,at,text\nbrand,launch,\(Self.future),For the brand\n"
                    + "news,launch,\(Self.future),For news\n", to: csv)
        let result = try await h.cli(["import", csv])
        #expect(result.stdout == "imported 2 posts from \(csv)\n", "\(result)")
        #expect(h.incomingNames.count == 2)
    }
}
