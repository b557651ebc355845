import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Issue 15: notifications. heraldd delivers the events that need a person to a loopback webhook receiver
/// (`fake_webhook.py`, which checks each signature with Python's own hmac) and to a command; the receiver can be
/// told to fail, and a restart in between must neither lose nor repeat a delivery.
@Suite("Notifications")
struct NotifyTests {
    static let secret = "webhook-secret-\u{e9}t\u{e9}"

    /// A harness with the policy-gated `brand` (profanity is held; nobody may approve), an exec account `broken`
    /// whose command always fails for good, a webhook entry `hook` for every event, and a command entry `script`
    /// that appends the JSON it reads to `got.jsonl`, for failures only. Retries are a second apart.
    static func setUp(_ fake: FakeServer, daemon: [String] = [], label: String) throws -> DaemonHarness {
        var config = TestConfig()
        config.daemon = ["max_lateness = \"1s\"", "retry_base = \"1s\"", "retry_cap = \"1s\""] + daemon
        config.accounts = [
            TestConfig.outbox("brand", "voice = \"brand\"", "policy = { profanity = \"hold\" }",
                              "approvers = [\"nobody-at-all\"]"),
            TestConfig.exec("broken", command: ["/bin/sh", "-c", "echo no such network >&2; exit 3"]),
        ]
        let h = try DaemonHarness(config, label: label)
        let secretFile = h.path("webhook.secret")
        try h.write(secret + "\n", to: secretFile, mode: 0o600)
        var written = config
        written.extra = """
            [[notify]]
            name = "hook"
            webhook = "\(fake.baseURL)/hook"
            secret = "\(secretFile)"

            [[notify]]
            name = "script"
            command = ["/bin/sh", "-c", "cat >> \\"$0\\"", "\(h.path("got.jsonl"))"]
            events = ["failed"]

            """
        try h.writeConfig(written)
        return h
    }

    /// What the receiver has: the deliveries it accepted (parsed bodies) and every attempt's status.
    static func received(_ fake: FakeServer) async throws -> (accepted: [[String: Any]], statuses: [Int]) {
        let answer = try await fake.control("GET", "/_control/received") as? [String: Any] ?? [:]
        let accepted = answer["received"] as? [[String: Any]] ?? []
        let statuses = (answer["attempts"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? Int }
        return (accepted, statuses)
    }

    /// A command entry's output file once its JSON line is complete (the shell creates the file before `cat`
    /// writes).
    static func complete(_ path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") else { return nil }
        return text
    }

    /// Waits until the receiver accepted `count` deliveries.
    static func waitForReceived(_ fake: FakeServer, _ h: DaemonHarness, count: Int) async throws -> [[String: Any]] {
        try await h.eventually("\(count) deliveries received") { () async throws -> [[String: Any]]? in
            let accepted = try await received(fake).accepted
            return accepted.count >= count ? accepted : nil
        }
    }

    @Test("rejected, held, expired and failed reach the webhook exactly once after two failures and a restart")
    func webhookRetriesAndRestart() async throws {
        let fake = try await FakeServer.start("fake_webhook.py", arguments: [Self.secret])
        let h = try Self.setUp(fake, label: #function)
        try await fake.control("POST", "/_control/fail", json: ["count": 2])
        try await h.start()

        try h.drop("bad.post", postText(["Colour: red"], "an unknown header"))
        try await h.waitForRejection("bad.post")
        try h.drop("held.post", postText(["At: \(rfc3339(wholeSecond(inAtLeast: 5)))"], "shitty timing"))
        let held = try await h.waitForAccepted("held.post")
        try h.drop("broken.post", postText(["Account: broken", "At: now"], "Going nowhere"))
        let broken = try await h.waitForAccepted("broken.post")

        let accepted = try await Self.waitForReceived(fake, h, count: 4)
        let events = accepted.map { "\($0["event"] as? String ?? "?") \($0["post_id"] as? String ?? "-")" }
        #expect(Set(events).count == 4, "\(events)")
        #expect(Set(accepted.compactMap { $0["event"] as? String }) == ["rejected", "held", "expired", "failed"])
        #expect(events.contains("held \(held)") && events.contains("expired \(held)"))
        #expect(events.contains("failed \(broken)"))
        let failed = try #require(accepted.first { $0["event"] as? String == "failed" })
        #expect(failed["account"] as? String == "broken")
        #expect(failed["text"] as? String == "Going nowhere")
        #expect((failed["reason"] as? String)?.contains("exited with 3") == true, "\(failed)")
        #expect(failed["scheduled_at"] is String && failed["at"] is String)
        let statuses = try await Self.received(fake).statuses
        #expect(statuses.filter { $0 == 500 }.count == 2, "\(statuses)")
        #expect(!statuses.contains(401), "every signature verified: \(statuses)")
        #expect(h.events("notify-retrying").count == 2)
        #expect(h.events("notify-retrying").allSatisfy { $0["HERALD_NOTIFY"] == "hook" && $0.priority == 6 })

        // The command entry got the failure, as JSON on its stdin.
        let script = try await h.eventually("got.jsonl") { Self.complete(h.path("got.jsonl")) }
        let lines = script.split(separator: "\n")
        #expect(lines.count == 1, "\(script)")
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(object?["event"] as? String == "failed" && object?["post_id"] as? String == broken)
        #expect(object?["delivery"] as? String != failed["delivery"] as? String, "one delivery per entry")

        // A rejection the receiver refuses until heraldd has stopped: delivered by the next run, once.
        try await fake.control("POST", "/_control/fail", json: ["count": 1000])
        try h.drop("late.post", postText(["Hue: blue"], "another unknown header"))
        try await h.waitForRejection("late.post")
        _ = try await h.eventually("a refused attempt") { () async throws -> Bool? in
            try await Self.received(fake).statuses.count > statuses.count ? true : nil
        }
        _ = try await h.stop()
        try await fake.control("POST", "/_control/fail", json: ["count": 0])
        try await h.start()
        let all = try await Self.waitForReceived(fake, h, count: 5)
        let ids = all.compactMap { $0["delivery"] as? String }
        #expect(ids.count == 5 && Set(ids).count == 5, "each delivery received once: \(ids)")
        #expect(all.filter { $0["event"] as? String == "rejected" }.count == 2)
        // Every delivery is acknowledged in the database: nothing is left to send again.
        _ = try await h.stop()
        let deliveries = try AppDatabase(path: AppDatabase.path(inStateDirectory: h.state)).deliveries()
        #expect(deliveries.count == 6, "five to the webhook, one to the command: \(deliveries)")
        #expect(deliveries.allSatisfy { $0.state == .delivered }, "\(deliveries)")
        #expect(try await Self.received(fake).accepted.count == 5)
        #expect(!h.diagnostics.contains(Self.secret), "the secret is never logged")
    }

    @Test("a webhook secret file others can read stops heraldd, naming the entry, the file and the fix")
    func secretTooOpen() async throws {
        let fake = try await FakeServer.start("fake_webhook.py", arguments: [Self.secret])
        let h = try Self.setUp(fake, label: #function)
        chmod(h.path("webhook.secret"), 0o644)
        let run = try await h.start(waitReady: false)
        let status = try #require(await run.wait(timeout: DaemonHarness.patience), "heraldd kept running")
        #expect(status != .exited(0), "\(status)")
        let output = run.output.lines.joined(separator: "\n")
        #expect(output.contains("notify hook: secret: \(h.path("webhook.secret")) is accessible by group or others"),
                "\(output)")
        #expect(output.contains("chmod 600") && !output.contains(Self.secret), "\(output)")
        #expect(!output.contains("herald ready"))
    }

    @Test("a receiver with another secret refuses every delivery; heraldd gives up after give_up_after")
    func wrongSecretIsRefused() async throws {
        let fake = try await FakeServer.start("fake_webhook.py", arguments: ["not-the-secret"])
        let h = try Self.setUp(fake, daemon: ["give_up_after = \"2s\""], label: #function)
        let receiver = try DatagramReceiver(path: h.path("notify"))
        h.environment["NOTIFY_SOCKET"] = receiver.path
        try await h.start()
        try h.drop("bad.post", postText(["Colour: red"], "an unknown header"))
        _ = try await h.eventually("STATUS= to name the failing entry") { () -> Bool? in
            try PausedAccountTests.statuses(receiver).contains {
                $0.hasPrefix("degraded: notify hook failing: webhook answered 401")
            } ? true : nil
        }
        let gaveUp = try await h.waitForEvent("notify-failed")
        #expect(gaveUp["HERALD_NOTIFY"] == "hook" && gaveUp["HERALD_NOTIFY_EVENT"] == "rejected")
        #expect(gaveUp["HERALD_REASON"]?.hasPrefix("webhook answered 401") == true, "\(gaveUp)")
        #expect(gaveUp.priority == 4)
        let answer = try await Self.received(fake)
        #expect(answer.accepted.isEmpty)
        #expect(!answer.statuses.isEmpty && answer.statuses.allSatisfy { $0 == 401 }, "\(answer.statuses)")
        #expect(h.events("notify-failed").count == 1)
    }

    @Test("an account paused by its command's exit 77 is a `paused` event on a command entry's stdin")
    func pausedToCommand() async throws {
        var config = TestConfig()
        config.defaultAccount = "locked"
        config.accounts = [TestConfig.exec("locked", command: ["/bin/sh", "-c", "exit 77"])]
        let h = try DaemonHarness(config, label: #function)
        config.extra = """
            [[notify]]
            name = "script"
            command = ["/bin/sh", "-c", "cat > \\"$0\\"", "\(h.path("paused.json"))"]
            events = ["paused"]

            """
        try h.writeConfig(config)
        try await h.start()
        try h.drop("locked.post", postText(["At: now"], "Nobody can post this"))
        let text = try await h.eventually("paused.json") { Self.complete(h.path("paused.json")) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "paused" && object["account"] as? String == "locked")
        #expect(object["post_id"] is NSNull && object["text"] is NSNull)
        #expect((object["reason"] as? String)?.contains("exited with 77") == true, "\(object)")
        #expect((object["delivery"] as? String)?.count == 36)
    }

    /// Threads credentials three days from their expiry: one `credentials-expiring` notification, not repeated by
    /// a restart (which warns in the journal again).
    @Test("expiring credentials are notified once per expiry, across a restart")
    func credentialsExpiring() async throws {
        let expiry = Date().addingTimeInterval(3 * 86_400)
        let (h, _) = try await ThreadsNetworkTests.setUp(
            label: "notify-expiry", credentials: "expires_at = \(rfc3339(expiry))\n")
        let config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        try h.write(config + """

            [[notify]]
            name = "script"
            command = ["/bin/sh", "-c", "cat >> \\"$0\\"", "\(h.path("expiring.jsonl"))"]
            events = ["credentials-expiring"]

            """, to: h.configPath)
        try await h.start()
        let text = try await h.eventually("expiring.jsonl") { Self.complete(h.path("expiring.jsonl")) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "credentials-expiring" && object["account"] as? String == "brand")
        #expect((object["reason"] as? String)?.hasPrefix("brand's credentials expire ") == true, "\(object)")
        _ = try await h.stop()
        try await h.start()
        let warning = "credentials expire soon; renew them and reload"
        _ = try await h.eventually("the second run's warning") {
            h.daemon?.lines.contains { $0.message == warning } == true ? true : nil
        }
        _ = try await h.stop()
        let deliveries = try AppDatabase(path: AppDatabase.path(inStateDirectory: h.state)).deliveries()
        #expect(deliveries.map(\.payload.event) == [.credentialsExpiring], "\(deliveries)")
        #expect(deliveries.first?.state == .delivered)
    }
}
