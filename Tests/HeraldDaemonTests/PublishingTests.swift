import Foundation
import Testing

/// Files dropped into `incoming/` come out of the outbox as DESIGN's Outbox contract says.
@Suite("Publishing to the outbox")
struct PublishingTests {
    static let outboxFields: Set<String> = [
        "seq", "id", "post_id", "part", "in_reply_to", "text", "scheduled_at", "published_at", "author", "kind",
    ]

    @Test("dropped files become outbox statuses with exactly the contract's fields and values, in order")
    func fieldsAndOrder() async throws {
        let h = try DaemonHarness()
        try await h.start()
        let before = Date()

        try h.drop("a.post", postText(["At: now", "Author: alice"], "first post"))
        let a = try await h.waitForAccepted("a.post")
        try await h.waitForOutbox(count: 1)
        // Header names are case-insensitive; `---` lines split a thread.
        try h.drop("b.post", postText(["at: now"], "part one\n---\npart two\n---\npart three"))
        let b = try await h.waitForAccepted("b.post")
        try await h.waitForOutbox(count: 4)
        // One trailing newline is removed, not more; X- headers are allowed.
        try h.drop("c.post", postText(["At: now", "X-Campaign: spring"], "ends with a blank line\n"))
        let c = try await h.waitForAccepted("c.post")
        let files = try await h.waitForOutbox(count: 5)
        try await h.waitUntilIdle()
        let after = Date()

        #expect(try h.outbox().count == 5)
        #expect(files.map(\.name) == (1...5).map { String(format: "%08d.json", $0) })
        let expected: [(post: String, part: Int, replyTo: Int?, text: String, author: JSON)] = [
            (a, 0, nil, "first post", .string("alice")),
            (b, 0, nil, "part one", .null),
            (b, 1, 1, "part two", .null),
            (b, 2, 2, "part three", .null),
            (c, 0, nil, "ends with a blank line\n", .null),
        ]
        var lastPublished = Date.distantPast
        for (index, (file, want)) in zip(files, expected).enumerated() {
            #expect(file.json.keys == Self.outboxFields, "\(file)")
            #expect(file.seq == index + 1, "\(file)")
            #expect(file.postID == want.post, "\(file)")
            #expect(file.part == want.part, "\(file)")
            #expect(file.text == want.text, "\(file)")
            #expect(file.json["author"] == want.author, "\(file)")
            #expect(file.json["kind"] == .string("post"), "\(file)")
            #expect(file.id?.isEmpty == false, "\(file)")
            if let replyTo = want.replyTo {
                #expect(file.inReplyTo == files[replyTo].json["id"], "part \(want.part) replies to the previous part")
            } else {
                #expect(file.inReplyTo == .null, "\(file)")
            }
            let scheduled = try #require(file.scheduledAt, "\(file)")
            let published = try #require(file.publishedAt, "\(file)")
            #expect(file.json["scheduled_at"]?.string?.hasSuffix("Z") == true)
            #expect(file.json["published_at"]?.string?.hasSuffix("Z") == true)
            #expect(published >= scheduled, "\(file)")
            #expect(published >= lastPublished, "published in seq order")
            #expect(scheduled >= before.addingTimeInterval(-1) && published <= after.addingTimeInterval(1), "\(file)")
            lastPublished = published
        }
        #expect(Set(files.compactMap(\.id)).count == 5, "remote ids are unique")

        // The journal side: every post event names the post and the account. (The log is read by another thread,
        // so it may lag behind the outbox: wait for it.)
        try await h.waitForEvent("published", count: 5)
        let published = h.events("published")
        #expect(published.count == 5)
        for line in published {
            #expect(line["HERALD_ACCOUNT"] == "brand", "\(line)")
            #expect([a, b, c].contains(line["HERALD_POST_ID"] ?? ""), "\(line)")
        }
        for id in [a, b, c] {
            #expect(try await h.waitForEvent("scheduled", postID: id)["HERALD_ACCOUNT"] == "brand")
        }

        // History agrees with the outbox.
        let history = try await h.history()
        #expect(history.count == 3)
        for id in [a, b, c] {
            let entry = try #require(history.first { $0["id"]?.string == id })
            #expect(entry["state"] == .string("published"))
            let ids = files.filter { $0.postID == id }.compactMap { $0.json["id"] }
            #expect(entry["remote_ids"] == .array(ids), "\(entry)")
        }
        #expect(h.rejectedNames.isEmpty)
        #expect(h.incomingNames.isEmpty)
    }

    @Test("`At:` a few seconds ahead publishes then, not before, in time order")
    func futureAt() async throws {
        let h = try DaemonHarness()
        try await h.start()
        let first = wholeSecond(inAtLeast: 2.5)
        let second = first.addingTimeInterval(1)
        // The later one is dropped first, and written as a local time with an IANA zone and seconds.
        let tokyo = DateFormatter()
        tokyo.locale = Locale(identifier: "en_US_POSIX")
        tokyo.timeZone = TimeZone(identifier: "Asia/Tokyo")
        tokyo.dateFormat = "yyyy-MM-dd HH:mm:ss"
        try h.drop("late.post", postText(["At: \(tokyo.string(from: second)) Asia/Tokyo"], "second"))
        try h.drop("early.post", postText(["At: \(rfc3339(first))"], "first"))
        let late = try await h.waitForAccepted("late.post")
        let early = try await h.waitForAccepted("early.post")
        #expect(try await h.waitForEvent("scheduled", postID: early)["HERALD_SCHEDULED_AT"] == rfc3339(first))
        #expect(try await h.waitForEvent("scheduled", postID: late)["HERALD_SCHEDULED_AT"] == rfc3339(second))

        // Nothing goes out early.
        while Date() < first.addingTimeInterval(-0.15) {
            #expect(try h.outbox().isEmpty, "published before its time")
            try await Task.sleep(for: .milliseconds(50))
        }
        let files = try await h.waitForOutbox(count: 2)
        let seen = Date()
        #expect(files.map(\.postID) == [early, late])
        #expect(files.map(\.text) == ["first", "second"])
        #expect(files[0].scheduledAt == first)
        #expect(files[1].scheduledAt == second)
        for file in files {
            let scheduled = try #require(file.scheduledAt)
            let published = try #require(file.publishedAt)
            #expect(published >= scheduled, "\(file)")
            // Generous: a loaded CI machine may be slow, but not seconds late.
            #expect(published.timeIntervalSince(scheduled) < 3, "\(file)")
        }
        #expect(seen >= second)
    }

    @Test("a post without `At:` waits in the queue for the account's next slot")
    func queuedAtNextSlot() async throws {
        let zone = TimeZone(identifier: "Asia/Kolkata")!
        // A slot about two hours from now (local minute), and one an hour after it.
        let slot1 = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 + 7200) / 60).rounded(.down) * 60)
        let slot2 = slot1.addingTimeInterval(3600)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func clock(_ date: Date) -> String {
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            return String(format: "%02d:%02d", parts.hour!, parts.minute!)
        }
        let h = try DaemonHarness(TestConfig(accounts: [
            TestConfig.outbox("brand", "time_zone = \"Asia/Kolkata\"",
                              "slots = [\"\(clock(slot2))\", \"\(clock(slot1))\"]", "min_gap = \"20m\""),
        ]))
        try await h.start()
        try h.drop("q1.post", postText(["Author: bob"], "queued one"))
        let q1 = try await h.waitForAccepted("q1.post")
        try h.drop("q2.post", postText([], "queued two\n---\nand its reply"))
        let q2 = try await h.waitForAccepted("q2.post")
        #expect(try await h.waitForEvent("scheduled", postID: q1)["HERALD_SCHEDULED_AT"] == rfc3339(slot1))
        #expect(try await h.waitForEvent("scheduled", postID: q2)["HERALD_SCHEDULED_AT"] == rfc3339(slot2))

        let queue = try await h.queue()
        try #require(queue.count == 2, "\(queue)")
        let fields: Set<String> = ["id", "account", "state", "scheduled_at", "local_time", "author", "text"]
        for item in queue { #expect(item.keys == fields, "\(item)") }
        #expect(queue[0]["id"] == .string(q1))
        #expect(queue[0]["account"] == .string("brand"))
        #expect(queue[0]["state"] == .string("scheduled"))
        #expect(queue[0]["scheduled_at"] == .string(rfc3339(slot1)))
        #expect(queue[0]["local_time"] == .string(RFC3339Parse.local(slot1, zone: zone)))
        #expect(queue[0]["author"] == .string("bob"))
        #expect(queue[0]["text"] == .string("queued one"))
        #expect(queue[1]["id"] == .string(q2))
        #expect(queue[1]["scheduled_at"] == .string(rfc3339(slot2)))
        #expect(queue[1]["local_time"] == .string(RFC3339Parse.local(slot2, zone: zone)))
        #expect(queue[1]["author"] == .null)
        #expect(queue[1]["text"]?.string?.hasPrefix("queued two") == true)
        #expect(try h.outbox().isEmpty)
        try h.requireRunning()
    }
}
