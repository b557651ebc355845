import Foundation
import Glibc
import Testing

/// The spool's promises: a file still being written is never read, a crash never loses or duplicates a post.
@Suite("Spool safety and crashes")
struct SpoolSafetyTests {
    @Test("a file written slowly with plain write calls is not read before it is closed")
    func slowWriter() async throws {
        // A one-second rescan makes the daemon look at the half-written file while its writer sleeps.
        let h = try DaemonHarness(TestConfig(daemon: ["rescan_interval = \"1s\""]))
        try await h.start()
        let first = Array("At: now\nAuthor: slow\n\nThe first half of a sentence,".utf8)
        let second = Array(" and the second half.\n".utf8)
        let fd = open(h.incoming + "/slow.post", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        try h.writeAll(fd, first)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(h.events("accepted", file: "slow.post").isEmpty, "accepted while still open for writing")
        #expect(h.events("rejected", file: "slow.post").isEmpty, "rejected while still open for writing")
        try h.writeAll(fd, second)
        close(fd)

        let files = try await h.waitForOutbox(count: 1)
        #expect(files[0].text == "The first half of a sentence, and the second half.")
        #expect(h.rejectedNames.isEmpty)
        #expect(h.events("rejected").isEmpty)
        try await h.waitForEvent("accepted", file: "slow.post")
        #expect(h.events("accepted", file: "slow.post").count == 1)
    }

    @Test("names that are hidden or not *.post are left alone")
    func ignoredNames() async throws {
        let h = try DaemonHarness(TestConfig(daemon: ["rescan_interval = \"1s\""]))
        try await h.start()
        try h.writeInPlace(".hidden.post", bytes: Array(postText(["At: now"], "hidden").utf8))
        try h.writeInPlace("notes.txt", bytes: Array(postText(["At: now"], "not a post").utf8))
        try h.writeInPlace(".post", bytes: Array(postText(["At: now"], "no name").utf8))
        try h.drop("real.post", postText(["At: now"], "real"))
        try await h.waitForOutbox(count: 1)
        // Let a rescan pass too.
        try await Task.sleep(for: .milliseconds(1200))
        try await h.waitUntilIdle()
        #expect(try h.outbox().map(\.text) == ["real"])
        #expect(h.incomingNames == ["notes.txt"])
        #expect(FileManager.default.fileExists(atPath: h.incoming + "/.hidden.post"))
        #expect(FileManager.default.fileExists(atPath: h.incoming + "/.post"))
        #expect(h.rejectedNames.isEmpty)
    }

    @Test("kill -9 between accept and publish loses and duplicates nothing")
    func killBetweenAcceptAndPublish() async throws {
        let h = try DaemonHarness()
        try await h.start()
        // Far enough ahead that accepting five files and killing the daemon happen before it, even on a slow machine.
        let at = wholeSecond(inAtLeast: 4)
        var names: [String] = []
        for index in 1...5 {
            let name = "p\(index).post"
            let body = index == 3 ? "thread 3a\n---\nthread 3b\n---\nthread 3c" : "post \(index)"
            try h.drop(name, postText(["At: \(rfc3339(at))"], body))
            names.append(name)
        }
        var ids: [String] = []
        for name in names { ids.append(try await h.waitForAccepted(name)) }
        #expect(h.incomingNames.isEmpty, "accepted files are removed from incoming")
        #expect(try h.outbox().isEmpty, "published before the kill: the machine is too slow for this test's timing")
        try await h.kill9()

        try await h.start()
        let files = try await h.waitForOutbox(count: 7)
        try await h.waitUntilIdle()
        let final = try h.outbox()
        #expect(final.count == 7, "\(final)")
        #expect(final.map(\.seq) == Array(1...7))
        let keys = final.map { "\($0.postID ?? "?")/\($0.part ?? -1)" }
        #expect(Set(keys).count == 7, "every status exactly once: \(keys)")
        #expect(Set(final.compactMap(\.postID)) == Set(ids))
        let thread = final.filter { $0.postID == ids[2] }
        #expect(thread.map(\.text) == ["thread 3a", "thread 3b", "thread 3c"])
        #expect(thread.map(\.inReplyTo) == [.null, thread[0].json["id"], thread[1].json["id"]])
        for file in files {
            #expect(file.scheduledAt == at)
            #expect(try #require(file.publishedAt) >= at)
        }
        #expect(h.events("accepted").count == 5, "nothing is accepted twice")
    }

    @Test("kill -9 in the middle of a thread resumes after the last part that went out")
    func killMidThread() async throws {
        let h = try DaemonHarness()
        try await h.start()
        let parts = (1...8).map { "part \($0)" }
        try h.drop("thread.post", postText(["At: now"], parts.joined(separator: "\n---\n")))
        let id = try await h.waitForAccepted("thread.post")
        try await h.waitForEvent("published", postID: id)
        try await h.kill9()
        try await h.start()
        try await h.waitForOutbox(count: 8)
        try await h.waitUntilIdle()
        let files = try h.outbox()
        #expect(files.map(\.text) == parts)
        #expect(files.map(\.part) == Array(0..<8))
        #expect(files.map(\.seq) == Array(1...8))
        for index in 1..<files.count {
            #expect(files[index].inReplyTo == files[index - 1].json["id"], "\(files[index])")
        }
        let history = try await h.history()
        #expect(history.first?["state"] == .string("published"))
        #expect(history.first?["remote_ids"] == .array(files.compactMap { $0.json["id"] }))
    }

    @Test("kill -9 at random moments during bursts: every file ends as exactly one status or one rejection")
    func killDuringBursts() async throws {
        let h = try DaemonHarness()
        let rounds = 3
        let perRound = 50
        var generator = SystemRandomNumberGenerator()
        try await h.start()
        for round in 1...rounds {
            for index in 1...perRound {
                // Every tenth file is bad: rejections must be as crash-safe as acceptances.
                let headers = index % 10 == 0 ? ["At: now", "Colour: red"] : ["At: now"]
                try h.drop(String(format: "r%d-%02d.post", round, index), postText(headers, "burst \(round)-\(index)"))
            }
            // Somewhere between accepting the first file and publishing the last.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &generator)))
            try await h.kill9()
            try await h.start()
        }
        let bad = (1...rounds).flatMap { round in
            (1...perRound).filter { $0 % 10 == 0 }.map { String(format: "r%d-%02d.post", round, $0) }
        }
        let total = rounds * perRound - bad.count
        try await h.waitForOutbox(count: total, timeout: .seconds(60))
        try await h.waitUntilIdle(timeout: .seconds(30))
        let files = try h.outbox()
        #expect(files.count == total, "duplicates: \(files.count - total)")
        #expect(files.map(\.seq) == Array(1...files.count))
        var texts: [String: Int] = [:]
        for file in files { texts[file.text ?? "", default: 0] += 1 }
        let missing = (1...rounds).flatMap { round in
            (1...perRound).filter { $0 % 10 != 0 }.map { "burst \(round)-\($0)" }
        }.filter { texts[$0] == nil }
        let doubled = texts.filter { $0.value > 1 }.map(\.key)
        #expect(missing.isEmpty, "lost: \(missing)")
        #expect(doubled.isEmpty, "published twice: \(doubled)")
        #expect(Set(files.map { "\($0.postID ?? "")/\($0.part ?? -1)" }).count == files.count)
        #expect(h.incomingNames.isEmpty)
        for name in bad { try await h.waitForRejection(name) }
        #expect(Set(h.rejectedNames) == Set(bad + bad.map { $0 + ".error" }))
        try #require(h.daemon?.isRunning == true)
    }
}
