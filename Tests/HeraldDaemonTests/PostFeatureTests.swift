import Foundation
import Glibc
import Testing

/// Post-file features end to end: time syntaxes and DST, windows, several accounts, Id, In-Reply-To, Thread.
@Suite("Post features")
struct PostFeatureTests {
    @Test("time syntaxes and DST rules land where DESIGN says (seen in herald queue)")
    func timesAndDST() async throws {
        let h = try DaemonHarness(TestConfig(accounts: [
            TestConfig.outbox("brand", "time_zone = \"Europe/Oslo\""),
            TestConfig.outbox("ny", "time_zone = \"America/New_York\""),
        ]))
        try await h.start()
        let cases: [(name: String, headers: [String], utc: String, local: String)] = [
            ("zoneless.post", ["At: 2027-01-15 09:00"], "2027-01-15T08:00:00Z", "2027-01-15T09:00:00+01:00"),
            ("offset.post", ["At: 2027-01-15T09:00:00-05:00"], "2027-01-15T14:00:00Z", "2027-01-15T15:00:00+01:00"),
            ("zoned.post", ["At: 2027-06-01 12:30:15 Asia/Tokyo"], "2027-06-01T03:30:15Z", "2027-06-01T05:30:15+02:00"),
            ("gap.post", ["Account: ny", "At: 2027-03-14 02:30"], "2027-03-14T07:30:00Z", "2027-03-14T03:30:00-04:00"),
            ("fold.post", ["Account: ny", "At: 2027-11-07 01:30"], "2027-11-07T05:30:00Z", "2027-11-07T01:30:00-04:00"),
            ("oslo-gap.post", ["At: 2027-03-28 02:30 Europe/Oslo"], "2027-03-28T01:30:00Z", "2027-03-28T03:30:00+02:00"),
        ]
        var ids: [String: String] = [:]
        for item in cases {
            try h.drop(item.name, postText(item.headers, item.name))
            ids[item.name] = try await h.waitForAccepted(item.name)
        }
        let queue = try await h.queue()
        for item in cases {
            let entry = try #require(queue.first { $0["id"]?.string == ids[item.name] }, "\(item.name): \(queue)")
            #expect(entry["scheduled_at"] == .string(item.utc), "\(item.name): \(entry)")
            #expect(entry["local_time"] == .string(item.local), "\(item.name): \(entry)")
        }
    }

    @Test("a Not-Before/Not-After window is honoured; a window with no free slot is rejected")
    func windows() async throws {
        let h = try DaemonHarness(TestConfig(accounts: [
            TestConfig.outbox("brand"),
            TestConfig.outbox("slotted", "slots = [\"03:00\"]"),
        ]))
        try await h.start()
        let notBefore = wholeSecond(inAtLeast: 2)
        try h.drop("window.post", postText(
            ["Not-Before: \(rfc3339(notBefore))", "Not-After: \(rfc3339(notBefore.addingTimeInterval(3600)))"], "in the window"))
        try await h.waitForAccepted("window.post")
        // 03:00 UTC never falls inside a one-minute window at 12:00 UTC.
        try h.drop("noroom.post", postText(
            ["Account: slotted", "Not-Before: 2099-01-01 12:00", "Not-After: 2099-01-01 12:01"], "nowhere to go"))
        let error = try await h.waitForRejection("noroom.post")
        #expect(error.contains("slot"), "\(error)")
        let files = try await h.waitForOutbox(count: 1)
        #expect(files[0].text == "in the window")
        #expect(try #require(files[0].scheduledAt) >= notBefore)
        #expect(try #require(files[0].publishedAt) >= notBefore)
    }

    @Test("Account: a, b publishes on both, each with its own seq; Id is unique per account")
    func severalAccountsAndId() async throws {
        let h = try DaemonHarness(TestConfig(accounts: [TestConfig.outbox("brand"), TestConfig.outbox("help")]))
        try await h.start()
        try h.drop("both.post", postText(["Account: brand, help", "At: now", "Id: launch"], "on both"))
        let id = try await h.waitForAccepted("both.post")
        try await h.waitForOutbox("brand", count: 1)
        try await h.waitForOutbox("help", count: 1)
        // The same Id on one of the accounts is a duplicate; a new Id is not.
        try h.drop("again.post", postText(["Account: help", "At: now", "Id: launch"], "again"))
        let error = try await h.waitForRejection("again.post")
        #expect(error.contains("duplicate") && error.contains("launch"), "\(error)")
        try h.drop("fresh.post", postText(["Account: help", "At: now", "Id: launch-2"], "fresh"))
        try await h.waitForOutbox("help", count: 2)
        try await h.waitUntilIdle()

        let brand = try h.outbox("brand")
        let help = try h.outbox("help")
        #expect(brand.map(\.text) == ["on both"])
        #expect(help.map(\.text) == ["on both", "fresh"])
        #expect(brand[0].postID == id && help[0].postID == id)
        #expect(brand[0].seq == 1 && help[0].seq == 1 && help[1].seq == 2)
        #expect(brand[0].id != help[0].id)
        try await h.waitForEvent("published", postID: id, count: 2)
        #expect(Set(h.events("scheduled", postID: id).compactMap { $0["HERALD_ACCOUNT"] }) == ["brand", "help"])
        #expect(Set(h.events("published", postID: id).compactMap { $0["HERALD_ACCOUNT"] }) == ["brand", "help"])
        let history = try await h.history()
        #expect(history.filter { $0["id"] == .string(id) }.count == 2, "one history entry per account: \(history)")
    }

    @Test("In-Reply-To starts the chain; Thread: no keeps --- as text")
    func replyAndThread() async throws {
        let h = try DaemonHarness()
        try await h.start()
        try h.drop("reply.post", postText(["At: now", "In-Reply-To: 1234567890"], "answer\n---\nfollow-up"))
        try await h.waitForOutbox(count: 2)
        try h.drop("flat.post", postText(["At: now", "Thread: no"], "one\n---\nstatus"))
        let files = try await h.waitForOutbox(count: 3)
        #expect(files[0].inReplyTo == .string("1234567890"))
        #expect(files[1].inReplyTo == files[0].json["id"])
        #expect(files[2].text == "one\n---\nstatus")
        #expect(files[2].inReplyTo == .null)
    }

    @Test("files dropped while the daemon is down are handled at start")
    func rescanAtStart() async throws {
        let h = try DaemonHarness()
        for index in 1...10 { try h.drop("p\(index).post", postText(["At: now"], "waiting \(index)")) }
        try h.drop("bad.post", postText(["At: now", "Colour: red"], "bad"))
        try await h.start()
        try await h.waitForRejection("bad.post")
        let files = try await h.waitForOutbox(count: 10)
        #expect(Set(files.compactMap(\.text)) == Set((1...10).map { "waiting \($0)" }))
        #expect(h.incomingNames.isEmpty)
        try await h.waitForEvent("accepted", count: 10)
        #expect(h.events("accepted").allSatisfy { $0["HERALD_OWNER_UID"] == "\(getuid())" })
    }

    @Test("the same name dropped again after it was accepted is a new post")
    func sameNameTwice() async throws {
        let h = try DaemonHarness()
        try await h.start()
        try h.drop("daily.post", postText(["At: now"], "monday"))
        try await h.waitForOutbox(count: 1)
        try h.drop("daily.post", postText(["At: now"], "tuesday"))
        let files = try await h.waitForOutbox(count: 2)
        #expect(files.map(\.text) == ["monday", "tuesday"])
        #expect(files[0].postID != files[1].postID)
    }

    @Test("a second rejected file with the same name does not destroy the first")
    func rejectedTwiceSameName() async throws {
        let h = try DaemonHarness()
        try await h.start()
        let first = postText(["At: now", "Colour: red"], "first draft")
        try h.drop("draft.post", first)
        try await h.waitForEvent("rejected", file: "draft.post")
        try h.drop("draft.post", postText(["At: now", "Color: blue"], "second draft"))
        try await h.waitForEvent("rejected", file: "draft.post", count: 2)
        let kept = try h.names(in: h.rejected).map {
            try String(contentsOfFile: h.rejected + "/" + $0, encoding: .utf8)
        }
        #expect(kept.contains(first), "the first rejected file is gone: \(h.names(in: h.rejected))")
        let names = Set(h.names(in: h.rejected))
        #expect(names == ["draft.post", "draft.post.error", "draft.post.1", "draft.post.1.error"])
        try h.requireRunning()
    }

    @Test("cancel while the post is being published: refused, and the post ends published")
    func cancelDuringPublish() async throws {
        let h = try DaemonHarness()
        let directory = h.path("exec")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try h.write("#!/bin/sh\ncat > \"$1/stdin.json\"\nsleep 1\necho slow-1\n", to: h.path("slow.sh"), mode: 0o755)
        try h.writeConfig(TestConfig(defaultAccount: "slow", accounts: [
            TestConfig.exec("slow", command: ["/bin/sh", h.path("slow.sh"), directory]),
        ]))
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "unstoppable"))
        let id = try await h.waitForAccepted("a.post")
        _ = try await h.eventually("the command to start") {
            FileManager.default.fileExists(atPath: directory + "/stdin.json") ? true : nil
        }
        let result = try await h.cli(["cancel", id])
        #expect(result.status == .exited(1), "\(result)")
        #expect(result.stderr.contains("published"), "\(result)")
        try await h.waitForEvent("published", postID: id)
        try await h.waitUntilIdle()
        #expect(try await h.history().first?["state"] == .string("published"))
    }

    @Test("an `At:` in the past but within max_lateness is published at once")
    func slightlyPast() async throws {
        let h = try DaemonHarness()
        try await h.start()
        let at = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 30).rounded(.down))
        try h.drop("past.post", postText(["At: \(rfc3339(at))"], "better late"))
        let files = try await h.waitForOutbox(count: 1)
        #expect(files[0].scheduledAt == at)
        #expect(h.rejectedNames.isEmpty)
    }
}
