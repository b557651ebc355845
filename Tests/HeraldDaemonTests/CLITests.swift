import Foundation
import Glibc
import Testing

/// `herald submit`, `check`, `measure` and `cancel` against a real spool and daemon.
@Suite("herald CLI")
struct CLITests {
    // MARK: submit

    @Test("submit FILE --account --at writes a 0644 .post into incoming/, and the daemon publishes it then")
    func submitFile() async throws {
        let h = try DaemonHarness()
        let draft = h.path("draft.post")
        try h.write(postText(["Account: somebody-else", "At: 2099-01-01T00:00:00Z", "Author: dee"], "submitted text"),
                    to: draft)
        let at = wholeSecond(inAtLeast: 3)
        // A restrictive umask must not leave the file unreadable to the daemon's user.
        let result = try await h.run("/bin/sh", ["-c", "umask 077 && exec \"$0\" \"$@\"", h.herald,
                                                 "submit", draft, "--account", "brand", "--at", rfc3339(at),
                                                 "--config", h.configPath])
        #expect(result.status == .exited(0), "\(result)")
        let names = h.incomingNames
        try #require(names.count == 1, "\(names)")
        #expect(names[0].hasSuffix(".post"))
        #expect(result.stdout.contains(names[0]), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.incoming) == names, "no temporary file left behind")
        var info = stat()
        try posix(stat(h.incoming + "/" + names[0], &info), "stat")
        #expect(info.st_mode & 0o7777 == 0o644, "mode \(String(info.st_mode & 0o7777, radix: 8))")
        let written = try String(contentsOfFile: h.incoming + "/" + names[0], encoding: .utf8)
        #expect(written.contains("Account: brand\n"), "\(written)")
        #expect(written.contains("At: \(rfc3339(at))\n"), "\(written)")
        #expect(written.contains("Author: dee\n"), "\(written)")
        #expect(!written.contains("somebody-else") && !written.contains("2099"), "\(written)")

        try await h.start()
        let id = try await h.waitForAccepted(names[0])
        let files = try await h.waitForOutbox(count: 1)
        #expect(files[0].postID == id)
        #expect(files[0].text == "submitted text")
        #expect(files[0].json["author"] == .string("dee"))
        #expect(files[0].scheduledAt == at)
        #expect(try #require(files[0].publishedAt) >= at)
    }

    @Test("submit - reads standard input; an invalid post is refused and nothing is written")
    func submitStdinAndInvalid() async throws {
        let h = try DaemonHarness()
        try await h.start()
        let ok = try await h.cli(["submit", "-", "--at", "now"], stdin: "\nfrom standard input\n")
        #expect(ok.status == .exited(0), "\(ok)")
        let files = try await h.waitForOutbox(count: 1)
        #expect(files[0].text == "from standard input")

        let bad = h.path("bad.post")
        try h.write(postText(["At: now", "Colour: red"], "hello"), to: bad)
        let refused = try await h.cli(["submit", bad])
        #expect(refused.status == .exited(1), "\(refused)")
        #expect(refused.stderr.contains("bad.post") && refused.stderr.contains("Colour"), "\(refused)")
        #expect(refused.stderr.contains("line 2") || refused.stderr.contains(":2:"), "names the line: \(refused)")
        let tooLong = h.path("long.post")
        try h.write(postText([], String(repeating: "x", count: 300)), to: tooLong)
        let refusedLong = try await h.cli(["submit", tooLong, "--at", "now"])
        #expect(refusedLong.status == .exited(1), "\(refusedLong)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: h.incoming))?.isEmpty == true)
        #expect(h.rejectedNames.isEmpty)
    }

    // MARK: check

    @Test("check --json: one object per file in DESIGN's shape; exit 0 when all are valid, 1 otherwise")
    func checkJSON() async throws {
        let h = try DaemonHarness()
        let good = h.path("good.post")
        try h.write(postText(["At: now"], "hello world\n---\nsecond"), to: good)
        let long = h.path("long.post")
        try h.write(postText(["At: now", "Author: me"], String(repeating: "a", count: 281)), to: long)
        let header = h.path("header.post")
        try h.write(postText(["At: now", "Colour: red"], "hello"), to: header)
        let missing = h.path("missing.post")

        let alone = try await h.cli(["check", "--json", good])
        #expect(alone.status == .exited(0), "\(alone)")
        let goodReport = try #require(try alone.json.array?.first, "\(alone)")
        #expect(try alone.json.array?.count == 1)
        #expect(goodReport.keys == ["file", "ok", "errors", "warnings", "targets", "policy"], "\(goodReport)")
        #expect(goodReport["file"] == .string(good))
        #expect(goodReport["ok"] == .bool(true))
        #expect(goodReport["errors"] == .array([]))
        #expect(goodReport["warnings"] == .array([]))
        let target = try #require(goodReport["targets"]?[0], "\(goodReport)")
        #expect(goodReport["targets"]?.array?.count == 1)
        #expect(target.keys == ["account", "network", "parts"], "\(target)")
        #expect(target["account"] == .string("brand"))
        #expect(target["network"]?.string != nil, "\(target)")
        #expect(target["parts"] == .array([
            .object(["length": .number(11), "limit": .number(280), "ok": .bool(true)]),
            .object(["length": .number(6), "limit": .number(280), "ok": .bool(true)]),
        ]), "\(target)")

        let mixed = try await h.cli(["check", "--json", good, long, header, missing])
        #expect(mixed.status == .exited(1), "\(mixed)")
        let reports = try #require(try mixed.json.array, "\(mixed)")
        try #require(reports.count == 4)
        #expect(reports.map { $0["file"] } == [good, long, header, missing].map { .string($0) })
        #expect(reports.map { $0["ok"] } == [.bool(true), .bool(false), .bool(false), .bool(false)])
        for report in reports {
            #expect(report.keys == ["file", "ok", "errors", "warnings", "targets", "policy"], "\(report)")
            for error in report["errors"]?.array ?? [] {
                #expect(error.keys.isSubset(of: ["line", "message"]) && error["message"]?.string != nil, "\(error)")
            }
        }
        let longError = try #require(reports[1]["errors"]?[0], "\(reports[1])")
        #expect(longError["line"] == .number(4), "the body's first line: \(longError)")
        #expect(longError["message"]?.string?.contains("281") == true, "\(longError)")
        #expect(reports[1]["targets"]?[0]?["parts"] == .array([
            .object(["length": .number(281), "limit": .number(280), "ok": .bool(false)]),
        ]), "\(reports[1])")
        let headerError = try #require(reports[2]["errors"]?[0], "\(reports[2])")
        #expect(headerError["line"] == .number(2))
        #expect(headerError["message"]?.string?.contains("Colour") == true)
        #expect(reports[3]["errors"]?.array?.isEmpty == false, "\(reports[3])")

        // Without --json: FILE:LINE: reason.
        let text = try await h.cli(["check", long, header])
        #expect(text.status == .exited(1))
        #expect(text.stdout.contains("\(long):4:"), "\(text)")
        #expect(text.stdout.contains("\(header):2:"), "\(text)")
    }

    @Test("check: a Hold: header is a warning naming the account and the reason; the file is still ok")
    func checkHold() async throws {
        let h = try DaemonHarness()
        let held = h.path("held.post")
        try h.write(postText(["At: now", "Hold: legal reads launches"], "We launch today."), to: held)
        let result = try await h.cli(["check", "--json", held])
        #expect(result.status == .exited(0), "\(result)")
        let report = try #require(try result.json.array?.first)
        let message = "held for an approver on brand: Hold: legal reads launches"
        #expect(report["warnings"] == .array([.object(["line": .number(2), "message": .string(message)])]),
                "\(report)")
    }

    // MARK: measure

    struct Measured: Sendable, CustomTestStringConvertible {
        var network: String
        var input: String
        var length: Int
        var limit: Int
        var testDescription: String { "\(network): \(input.debugDescription.prefix(30))" }
    }

    static let measured: [Measured] = [
        Measured(network: "x", input: "hello", length: 5, limit: 280),
        Measured(network: "x", input: "hello\n", length: 6, limit: 280),
        Measured(network: "x", input: "  spaced  \n\n", length: 12, limit: 280),
        Measured(network: "x", input: String(repeating: "a", count: 281), length: 281, limit: 280),
        Measured(network: "mastodon", input: "hello", length: 5, limit: 500),
        Measured(network: "bluesky", input: "hello", length: 5, limit: 300),
        Measured(network: "threads", input: "Ship it 🚀", length: 12, limit: 500),
        Measured(network: "linkedin", input: "Ship it 🚀 (today)", length: 18, limit: 3000),
    ]

    @Test("measure --json reads stdin untrimmed", arguments: measured)
    func measure(_ case_: Measured) async throws {
        let h = try DaemonHarness(label: "measure")
        let result = try await h.cli(["measure", "--network", case_.network, "--json"], stdin: case_.input, config: false)
        #expect(result.status == .exited(0), "\(result)")
        let json = try result.json
        #expect(json == .object([
            "network": .string(case_.network), "length": .number(Double(case_.length)),
            "limit": .number(Double(case_.limit)), "ok": .bool(case_.length <= case_.limit),
        ]), "\(json)")
    }

    @Test("usage errors exit 64")
    func usage() async throws {
        let h = try DaemonHarness()
        let badNetwork = try await h.cli(["measure", "--network", "myspace"], stdin: "hi", config: false)
        #expect(badNetwork.status == .exited(64), "\(badNetwork)")
        let noFiles = try await h.cli(["check"])
        #expect(noFiles.status == .exited(64), "\(noFiles)")
        let unknown = try await h.cli(["frobnicate"], config: false)
        #expect(unknown.status == .exited(64), "\(unknown)")
    }

    // MARK: cancel

    @Test("cancel on a queued post: exit 0 and it never appears; on a published or unknown post: exit 1")
    func cancel() async throws {
        let h = try DaemonHarness()
        try await h.start()
        // Due a few seconds ahead; on a machine so loaded that accepting it took most of that, try with more room.
        var found: (id: String, at: Date)?
        for (attempt, lead) in [3.0, 6.0, 12.0].enumerated() {
            let at = wholeSecond(inAtLeast: lead)
            try h.drop("doomed\(attempt).post", postText(["At: \(rfc3339(at))"], "never published"))
            let id = try await h.waitForAccepted("doomed\(attempt).post")
            if Date() < at.addingTimeInterval(-1) {
                found = (id, at)
                break
            }
        }
        let (doomed, at) = try #require(found, "the machine is too slow to accept a post within 12 s")

        let cancelled = try await h.cli(["cancel", doomed])
        #expect(cancelled.status == .exited(0), "\(cancelled)")
        #expect(try await h.queue().allSatisfy { $0["id"] != .string(doomed) })

        // A sentinel due a second after the cancelled post: once it is out, the cancelled one's time has passed.
        try h.drop("sentinel.post", postText(["At: \(rfc3339(at.addingTimeInterval(1)))"], "sentinel"))
        try await h.waitForAccepted("sentinel.post")
        let files = try await h.waitForOutbox(count: 1)
        try await h.waitUntilIdle()
        #expect(Date() > at)
        #expect(try h.outbox().filter { $0.postID == doomed }.isEmpty, "the cancelled post was published")
        #expect(h.events("published", postID: doomed).isEmpty)

        let history = try await h.history()
        #expect(history.first { $0["id"] == .string(doomed) }?["state"] == .string("cancelled"), "\(history)")

        let again = try await h.cli(["cancel", doomed])
        #expect(again.status == .exited(1), "cancelling twice: \(again)")
        let sentinel = try #require(try h.outbox().first { $0.text == "sentinel" }?.postID, "\(files)")
        let published = try await h.cli(["cancel", sentinel])
        #expect(published.status == .exited(1), "\(published)")
        #expect(published.stderr.contains(sentinel), "\(published)")
        let unknown = try await h.cli(["cancel", "nosuchpost"])
        #expect(unknown.status == .exited(1), "\(unknown)")
        try h.requireRunning()
    }

    @Test("queue pages: --limit, --account, --from/--to; text shows how many more there are")
    func queuePages() async throws {
        let h = try DaemonHarness(TestConfig(accounts: [TestConfig.outbox("brand"), TestConfig.outbox("ceo")]))
        try await h.start()
        for day in 1...3 {
            for account in ["brand", "ceo"] {
                let name = "\(account)-\(day).post"
                try h.drop(name, postText(["Account: \(account)", "At: 2099-01-0\(day)T12:00:00Z"], "day \(day)"))
                try await h.waitForAccepted(name)
            }
        }
        func ids(_ arguments: [String]) async throws -> [String] {
            let result = try await h.cli(["queue", "--json"] + arguments)
            #expect(result.status == .exited(0), "\(result)")
            return try #require(try result.json.array).compactMap { $0["account"]?.string }
        }
        #expect(try await ids([]).count == 6, "--json prints every post by default")
        #expect(try await ids(["--limit", "4"]).count == 4)
        #expect(try await ids(["--account", "ceo"]) == ["ceo", "ceo", "ceo"])
        #expect(try await ids(["--account", "brand", "--from", "2099-01-02 00:00", "--to", "2099-01-03 00:00"])
            == ["brand"])
        let text = try await h.cli(["queue", "--limit", "2"])
        #expect(text.status == .exited(0) && text.stdout.split(separator: "\n").count == 2, "\(text)")
        #expect(text.stderr.contains("4 more not shown"), "\(text)")
        let unknown = try await h.cli(["queue", "--account", "nobody"])
        #expect(unknown.status == .exited(1) && unknown.stderr.contains("\"nobody\" is not a configured account"))
        let negative = try await h.cli(["queue", "--limit", "-1"])
        #expect(negative.status == .exited(64), "\(negative)")
    }

    @Test("cancel works on a post waiting for its queue slot, while the daemon is stopped too")
    func cancelQueued() async throws {
        let h = try DaemonHarness(TestConfig(accounts: [TestConfig.outbox("brand", "slots = [\"03:00\", \"15:00\"]")]))
        try await h.start()
        try h.drop("slot.post", postText([], "waiting for a slot"))
        let id = try await h.waitForAccepted("slot.post")
        #expect(try await h.queue().map { $0["id"] } == [.string(id)])
        #expect(try await h.stop() == .exited(0))
        let result = try await h.cli(["cancel", id])
        #expect(result.status == .exited(0), "\(result)")
        try await h.start()
        #expect(try await h.queue().isEmpty)
    }

    // MARK: plan

    @Test("plan --now T --json places posts on the queue's slots without touching anything")
    func plan() async throws {
        let h = try DaemonHarness(TestConfig(accounts: [
            TestConfig.outbox("brand", "time_zone = \"Europe/London\"", "slots = [\"09:00\", \"17:00\"]"),
        ]))
        let first = h.path("first.post")
        let second = h.path("second.post")
        let fixed = h.path("fixed.post")
        try h.write(postText(["Author: ann"], "first"), to: first)
        try h.write(postText([], "second"), to: second)
        try h.write(postText(["At: 2027-07-01 12:00"], "fixed"), to: fixed)
        let result = try await h.cli(["plan", "--now", "2027-01-04T10:00:00Z", "--json", first, second, fixed])
        #expect(result.status == .exited(0), "\(result)")
        let items = try #require(try result.json.array, "\(result)")
        try #require(items.count == 3, "\(items)")
        for item in items {
            // The queue's fields plus the reach (issue 4).
            #expect(item.keys == ["id", "account", "state", "scheduled_at", "local_time", "author", "text", "reach"],
                    "\(item)")
        }
        #expect(items.map { $0["scheduled_at"] } == [
            .string("2027-01-04T17:00:00Z"), .string("2027-01-05T09:00:00Z"), .string("2027-07-01T11:00:00Z"),
        ])
        #expect(items[2]["local_time"] == .string("2027-07-01T12:00:00+01:00"))
        #expect(items[0]["author"] == .string("ann"))
        #expect(items[1]["author"] == .null)
        #expect(items.map { $0["text"] } == [.string("first"), .string("second"), .string("fixed")])
        #expect(h.names(in: h.incoming).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: h.state + "/outbox"))
    }
}
