import Foundation
import Glibc
import Testing

/// Delegated sessions end to end: the real heraldd over the outbox, killed with SIGKILL mid-session.
@Suite("Delegated sessions end to end")
struct SessionTests {
    static func config(start: Date, end: Date, every: Int) -> TestConfig {
        var config = TestConfig()
        config.defaultAccount = "ceo"
        config.accounts = [TestConfig.outbox("ceo", "owner = \"Brian\"")]
        config.extra = """
            [[sessions]]
            name = "show"
            account = "ceo"
            start = "\(rfc3339(start))"
            end = "\(rfc3339(end))"
            delegates = ["team"]
            announce = "During the show some of my posts will be written by our team."
            reminder = "Reminder: our team is helping with this account."
            closing = "The show is over."
            every = \(every)

            """
        return config
    }

    @Test("announcement first, a reminder at every 3rd status, #team on team posts, across a kill -9")
    func sessionAcrossKill() async throws {
        let every = 3
        let h = try DaemonHarness(Self.config(start: Date().addingTimeInterval(-60),
                                              end: Date().addingTimeInterval(3600), every: every))
        try await h.start()
        let authors = ["team", "Brian", "team", "team", "Brian", "team", "team", "Brian"]
        for (index, author) in authors.prefix(3).enumerated() {
            try h.drop("p\(index).post", postText(["At: now", "Author: \(author)"], "post \(index)"))
            try await h.waitForAccepted("p\(index).post")
        }
        // announcement, p0, reminder, p1, p2
        try await h.waitForOutbox("ceo", count: 5)
        try await h.kill9()
        for (index, author) in authors.enumerated().dropFirst(3) {
            try h.drop("p\(index).post", postText(["At: now", "Author: \(author)"], "post \(index)"))
        }
        try await h.start()
        // 1 announcement + 8 posts, and a reminder at 3, 6, 9, 12 (the 13th status is the last post).
        let files = try await h.waitForOutbox("ceo", count: 13)
        // Nothing left but the closing, due at the session's end.
        _ = try await h.eventually("only the closing left in the queue") { () async throws -> Bool? in
            try await h.queue().compactMap { $0["id"]?.string } == ["s-show-c"] ? true : nil
        }
        let outbox = try h.outbox("ceo")
        #expect(outbox.count == 13, "\(outbox)")
        #expect(files.map(\.seq) == Array(1...13).map(Optional.some))
        for (index, file) in outbox.enumerated() {
            let position = index + 1
            let kind = file.json["kind"]?.string
            if position == 1 {
                #expect(kind == "announcement", "\(file)")
            } else {
                #expect((kind == "reminder") == (position % every == 0), "position \(position): \(file)")
            }
            if kind == "post", let text = file.text, let author = file.json["author"]?.string {
                #expect(text.hasSuffix(" #team") == (author == "team"), "\(file)")
            }
        }
        #expect(outbox.filter { $0.json["kind"]?.string == "post" }.count == authors.count)
        #expect(outbox.first?.text == "During the show some of my posts will be written by our team.")

        // The journal says disclosure for each announcement and reminder.
        try await h.waitForEvent("disclosure", count: 5)
        for line in h.events("disclosure") {
            #expect(line["HERALD_ACCOUNT"] == "ceo", "\(line)")
            #expect(line["HERALD_POST_ID"]?.hasPrefix("s-show-") == true, "\(line)")
        }

        // herald sessions --json
        let result = try await h.cli(["sessions", "--json", "--state", h.state])
        #expect(result.status == .exited(0), "\(result)")
        let items = try #require(try result.json.array)
        #expect(items.count == 1)
        let item = try #require(items.first)
        #expect(item["name"]?.string == "show")
        #expect(item["state"]?.string == "active")
        #expect(item["published"]?.int == 13)
        #expect(item["disclosures"]?.int == 5)
        #expect(item["next_reminder"]?.int == 15)
        #expect(item["team_tagged"]?.int == 5)
        #expect(item["team_untagged"]?.int == 0)
        try await h.stop()
    }

    @Test("a reload moving the end brings the closing forward; the outbox kinds mark every disclosure")
    func closingAfterReload() async throws {
        let start = wholeSecond(inAtLeast: -60)
        let h = try DaemonHarness(Self.config(start: start, end: start.addingTimeInterval(7200), every: 2))
        try await h.start()
        try h.drop("p.post", postText(["At: now", "Author: Brian"], "owner post"))
        try await h.waitForOutbox("ceo", count: 3)
        // The end moved to two seconds from now, with a reload: the closing follows it.
        let end = wholeSecond(inAtLeast: 2)
        try h.writeConfig(Self.config(start: start, end: end, every: 2))
        let pid = try #require(h.daemon?.pid)
        kill(pid, SIGHUP)
        let files = try await h.waitForOutbox("ceo", count: 4, timeout: .seconds(30))
        #expect(files.map { $0.json["kind"]?.string } == ["announcement", "reminder", "post", "closing"])
        #expect(files[2].text == "owner post")
        #expect(files[3].text == "The show is over.")
        #expect(try #require(files[3].publishedAt) >= end)
        try await h.stop()
    }
}
