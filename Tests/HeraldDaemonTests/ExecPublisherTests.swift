import Foundation
import Testing

/// The `exec` network: the status as JSON on stdin; exit 0 + id = published, 75 = temporary, else permanent.
@Suite("exec publisher")
struct ExecPublisherTests {
    /// A command whose behaviour the test sets through `DIR/mode` (ok, temp, perm, temp-then-ok), recording each
    /// stdin as `DIR/in-N.json` and printing `ext-N` as the remote id.
    static let script = """
        #!/bin/sh
        dir="$1"
        n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$dir/count"
        cat > "$dir/in-$n.json"
        mode=$(cat "$dir/mode")
        case "$mode" in
          ok) echo "ext-$n"; echo "second line is ignored" ;;
          temp) echo "service unavailable, try later" >&2; exit 75 ;;
          perm) echo "bad credentials for this account" >&2; exit 1 ;;
          temp-then-ok) if [ "$n" -eq 1 ]; then echo "busy" >&2; exit 75; fi; echo "ext-$n" ;;
          slow) sleep 2; echo "ext-$n" ;;
          hang) sleep 30; echo "ext-$n" ;;
          silent) exit 0 ;;
          signal) kill -KILL $$ ;;
        esac
        """

    /// A harness with one exec account `cmd` (the default account) running the script in mode `mode`.
    static func harness(
        mode: String, daemon: [String] = [], timeout: String = "10s", command: [String]? = nil, label: String = #function
    ) throws -> DaemonHarness {
        let h = try DaemonHarness(label: label)
        let directory = h.path("exec")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try h.write(script, to: h.path("publish.sh"), mode: 0o755)
        try h.write(mode, to: directory + "/mode")
        try h.writeConfig(TestConfig(
            daemon: ["max_lateness = \"15m\""] + daemon, defaultAccount: "cmd",
            accounts: [TestConfig.exec("cmd", command: command ?? ["/bin/sh", h.path("publish.sh"), directory],
                                       "timeout = \"\(timeout)\"")]
        ))
        return h
    }

    static func stdin(_ h: DaemonHarness, _ n: Int) throws -> JSON {
        try JSON.parse(Data(contentsOf: URL(fileURLWithPath: h.path("exec/in-\(n).json"))))
    }

    @Test("success: the command gets the status as JSON, its id is recorded and shown in history")
    func success() async throws {
        let h = try Self.harness(mode: "ok")
        try await h.start()
        try h.drop("a.post", postText(["At: now", "Author: carol", "Language: fr"], "bonjour\n---\nla suite"))
        let id = try await h.waitForAccepted("a.post")
        let second = try await h.waitForEvent("published", postID: id, count: 2)
        let first = h.events("published", postID: id)[0]
        #expect(first["HERALD_REMOTE_ID"] == "ext-1")
        #expect(second["HERALD_REMOTE_ID"] == "ext-2")
        #expect(first["HERALD_ACCOUNT"] == "cmd")

        let input1 = try Self.stdin(h, 1)
        let input2 = try Self.stdin(h, 2)
        let fields: Set<String> = [
            "seq", "post_id", "part", "part_count", "in_reply_to", "text", "scheduled_at", "author", "kind",
            "account", "language", "idempotency_key", "content_warning",
        ]
        #expect(input1.keys == fields, "\(input1)")
        #expect(input1["post_id"] == .string(id))
        #expect(input1["account"] == .string("cmd"))
        #expect(input1["seq"] == .number(1))
        #expect(input1["part"] == .number(0))
        #expect(input1["part_count"] == .number(2))
        #expect(input1["in_reply_to"] == .null)
        #expect(input1["text"] == .string("bonjour"))
        #expect(input1["author"] == .string("carol"))
        #expect(input1["language"] == .string("fr"))
        #expect(input1["kind"] == .string("post"))
        #expect(input1["scheduled_at"]?.date != nil)
        #expect(input2["part"] == .number(1))
        #expect(input2["seq"] == .number(2))
        #expect(input2["in_reply_to"] == .string("ext-1"), "part 2 replies to the id the command printed")
        #expect(input2["text"] == .string("la suite"))
        #expect(input1["idempotency_key"] != input2["idempotency_key"])

        try await h.waitUntilIdle()
        let history = try await h.history()
        try #require(history.count == 1, "\(history)")
        #expect(history[0]["id"] == .string(id))
        #expect(history[0]["state"] == .string("published"))
        #expect(history[0]["remote_ids"] == .array([.string("ext-1"), .string("ext-2")]))
        #expect(history[0]["error"] == .null)
    }

    @Test("temporary failure (exit 75): logged as retrying, the post waits for its retry")
    func temporary() async throws {
        let h = try Self.harness(mode: "temp")
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "try me"))
        let id = try await h.waitForAccepted("a.post")
        let retrying = try await h.waitForEvent("retrying", postID: id)
        #expect(retrying["HERALD_ACCOUNT"] == "cmd")
        #expect(retrying["HERALD_REASON"]?.contains("75") == true, "\(retrying)")
        #expect(retrying["HERALD_REASON"]?.contains("service unavailable") == true, "stderr is in the reason")
        // Default backoff (retry_base 30 s): 30 s ± 20 % after the first failure.
        let retryAt = try #require(retrying["HERALD_RETRY_AT"].flatMap(RFC3339Parse.date), "\(retrying)")
        #expect(retryAt.timeIntervalSinceNow > 15 && retryAt.timeIntervalSinceNow < 40, "\(retrying)")
        #expect(h.events("failed").isEmpty)
        #expect(h.events("published").isEmpty)

        // Still queued, not in history.
        let queue = try await h.queue()
        #expect(queue.count == 1)
        #expect(queue.first?["id"] == .string(id))
        #expect(queue.first?["state"] == .string("scheduled"))
        #expect(try await h.history().isEmpty)

        // A retrying post can still be cancelled.
        let cancel = try await h.cli(["cancel", id])
        #expect(cancel.status == .exited(0), "\(cancel)")
        #expect(try await h.history().first?["state"] == .string("cancelled"))
        try h.requireRunning()
    }

    @Test("temporary failures past give_up_after fail for good")
    func givesUp() async throws {
        let h = try Self.harness(mode: "temp", daemon: ["give_up_after = \"1s\""])
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "never makes it"))
        let id = try await h.waitForAccepted("a.post")
        let failed = try await h.waitForEvent("failed", postID: id)
        #expect(failed["HERALD_ACCOUNT"] == "cmd")
        #expect(failed["HERALD_REASON"]?.contains("75") == true, "\(failed)")
        try await h.waitUntilIdle()
        let history = try await h.history()
        #expect(history.first?["state"] == .string("failed"))
        #expect(history.first?["error"]?.string?.contains("75") == true, "\(history)")
    }

    @Test("permanent failure (exit 1): failed, the error in history, the account carries on")
    func permanent() async throws {
        let h = try Self.harness(mode: "perm")
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "doomed"))
        let id = try await h.waitForAccepted("a.post")
        let failed = try await h.waitForEvent("failed", postID: id)
        #expect(failed["HERALD_ACCOUNT"] == "cmd")
        #expect(failed["HERALD_REASON"]?.contains("exited with 1") == true, "\(failed)")
        #expect(h.events("retrying").isEmpty)
        try await h.waitUntilIdle()
        let history = try await h.history()
        try #require(history.count == 1)
        #expect(history[0]["state"] == .string("failed"))
        #expect(history[0]["attempts"] == .number(1))
        #expect(history[0]["remote_ids"] == .array([]))
        let error = history[0]["error"]?.string ?? ""
        #expect(error.contains("exited with 1") && error.contains("bad credentials"), "\(history)")

        // The next post on the same account is not held up.
        try h.write("ok", to: h.path("exec/mode"))
        try h.drop("b.post", postText(["At: now"], "fine"))
        let next = try await h.waitForAccepted("b.post")
        let published = try await h.waitForEvent("published", postID: next)
        #expect(published["HERALD_REMOTE_ID"] == "ext-2")
    }

    @Test("temporary failure then success on the retry (retry_base = 1s)")
    func retryThenSuccess() async throws {
        let h = try Self.harness(mode: "temp-then-ok", daemon: ["retry_base = \"1s\""])
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "second time lucky"))
        let id = try await h.waitForAccepted("a.post")
        let retrying = try await h.waitForEvent("retrying", postID: id)
        let retryAt = try #require(retrying["HERALD_RETRY_AT"].flatMap(RFC3339Parse.date), "\(retrying)")
        #expect(retryAt.timeIntervalSinceNow < 2, "retry_base = 1s: \(retrying)")
        let published = try await h.waitForEvent("published", postID: id)
        #expect(published["HERALD_REMOTE_ID"] == "ext-2")
        #expect(try #require(published["HERALD_PART"]) == "1/1")
        try await h.waitUntilIdle()
        let history = try await h.history()
        #expect(history.first?["state"] == .string("published"))
        #expect(history.first?["attempts"] == .number(2))
        #expect(history.first?["remote_ids"] == .array([.string("ext-2")]))
        // Both attempts carried the same status: same seq and idempotency key.
        #expect(try Self.stdin(h, 1)["idempotency_key"] == Self.stdin(h, 2)["idempotency_key"])
        #expect(try Self.stdin(h, 1)["seq"] == Self.stdin(h, 2)["seq"])
    }

    struct Outcome: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var mode: String
        var event: String
        var reason: String
        var timeout = "10s"
        var missingCommand = false
    }

    static let outcomes: [Outcome] = [
        Outcome(testDescription: "exit 0 without an id is permanent", mode: "silent", event: "failed", reason: "no id"),
        Outcome(testDescription: "a command that cannot be started is permanent", mode: "ok", event: "failed",
                reason: "/nonexistent/herald-publisher", missingCommand: true),
        Outcome(testDescription: "killed by a signal is temporary", mode: "signal", event: "retrying", reason: "signal"),
        Outcome(testDescription: "past its timeout is temporary", mode: "hang", event: "retrying", reason: "timed out",
                timeout: "1s"),
    ]

    @Test("how other endings of the command are classified", arguments: outcomes)
    func otherOutcomes(_ outcome: Outcome) async throws {
        let h = try Self.harness(
            mode: outcome.mode, timeout: outcome.timeout,
            command: outcome.missingCommand ? ["/nonexistent/herald-publisher"] : nil,
            label: "exec-\(outcome.mode)-\(outcome.missingCommand)")
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "how does it end"))
        let id = try await h.waitForAccepted("a.post")
        let line = try await h.waitForEvent(outcome.event, postID: id)
        #expect(line["HERALD_REASON"]?.contains(outcome.reason) == true, "\(line)")
        #expect(h.events("published").isEmpty)
        try h.requireRunning()
    }

    @Test("kill -9 while the command runs: after the restart it runs again (its outcome is unknown), published once")
    func killDuringCommand() async throws {
        let h = try Self.harness(mode: "slow")
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "interrupted"))
        let id = try await h.waitForAccepted("a.post")
        _ = try await h.eventually("the command to start") {
            FileManager.default.fileExists(atPath: h.path("exec/in-1.json")) ? true : nil
        }
        try await h.kill9()
        try await h.start()
        let published = try await h.waitForEvent("published", postID: id, timeout: .seconds(20))
        // The restart logs the unknown outcome as `retrying` before running the command again.
        #expect(h.events("retrying", postID: id).count == 1, "\(h.diagnostics)")
        try await h.waitUntilIdle()
        let history = try await h.history()
        #expect(history.count == 1)
        #expect(history.first?["state"] == .string("published"))
        #expect(history.first?["remote_ids"] == .array([published["HERALD_REMOTE_ID"].map(JSON.string) ?? .null]))
        // Both runs got the same idempotency key, which is how a command avoids publishing twice.
        let first = try Self.stdin(h, 1)
        let second = try Self.stdin(h, 2)
        #expect(first["idempotency_key"] == second["idempotency_key"])
        #expect(first["seq"] == second["seq"])
    }

    @Test("Content-Warning: every part's stdin has content_warning; without one it is null")
    func contentWarningOnStdin() async throws {
        let h = try Self.harness(mode: "ok")
        try await h.start()
        try h.drop("cw.post", postText(["At: now", "Content-Warning: Spoilers"], "one\n---\ntwo"))
        let id = try await h.waitForAccepted("cw.post")
        try await h.waitForEvent("published", postID: id, count: 2)
        #expect(try Self.stdin(h, 1)["content_warning"] == .string("Spoilers"))
        #expect(try Self.stdin(h, 2)["content_warning"] == .string("Spoilers"))
        try h.drop("plain.post", postText(["At: now"], "plain"))
        let plain = try await h.waitForAccepted("plain.post")
        try await h.waitForEvent("published", postID: plain)
        #expect(try Self.stdin(h, 3)["content_warning"] == .null)
    }
}
