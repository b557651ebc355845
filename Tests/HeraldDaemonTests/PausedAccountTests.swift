import Foundation
import HeraldTestSupport
import Testing

/// Issue 13: a network refusing an account's credentials pauses the account, not its posts. heraldd against the
/// loopback fakes of X, Mastodon and Bluesky, with wrong credentials first and the right ones after a reload.
@Suite("Refused credentials pause the account")
struct PausedAccountTests {
    /// One network's fake, its account `brand`, and the credentials file's text, refused and accepted.
    struct Setup {
        var harness: DaemonHarness
        var fake: FakeServer
        var credentialsFile: String
        var refused: String
        var accepted: String
        /// The fake's count of the requests that create posts.
        var creates: @Sendable () async throws -> Int
    }

    enum Network: String, CaseIterable, CustomTestStringConvertible {
        case x, mastodon, bluesky, threads, linkedin
        var testDescription: String { rawValue }
    }

    static func setUp(_ network: Network, label: String) async throws -> Setup {
        let (h, fake): (DaemonHarness, FakeServer)
        let file: String
        let refused: String
        let accepted: String
        let creates: @Sendable () async throws -> Int
        switch network {
        case .x:
            (h, fake) = try await XNetworkTests.setUp(label: label)
            file = h.path("x-credentials")
            accepted = try String(contentsOfFile: file, encoding: .utf8)
            refused = accepted.replacingOccurrences(of: XNetworkTests.secret, with: "consumer_secret = revoked")
            creates = { [fake] in
                let stats = try await fake.control("GET", "/_control/stats") as? [String: Any]
                return (stats?["requests"] as? [String: Any])?["POST /2/tweets"] as? Int ?? 0
            }
        case .mastodon:
            (h, fake) = try await MastodonNetworkTests.setUp(label: label)
            file = h.path("mastodon-credentials")
            accepted = try String(contentsOfFile: file, encoding: .utf8)
            refused = "access_token = revoked-token\n"
            creates = { [fake] in
                let counts = try await fake.control("GET", "/_control/counts") as? [String: Any]
                return counts?["statuses_posts"] as? Int ?? 0
            }
        case .bluesky:
            (h, fake) = try await BlueskyNetworkTests.setUp(label: label)
            file = h.path("bluesky-credentials")
            accepted = try String(contentsOfFile: file, encoding: .utf8)
            refused = #"{"identifier": "brand.test", "app_password": "revoked-app-password"}"#
            creates = { [fake] in
                let counts = try await fake.control("GET", "/_control/counts") as? [String: Any]
                return (counts?["createRecord"] as? Int ?? 0) + (counts?["createSession"] as? Int ?? 0)
            }
        case .threads:
            (h, fake) = try await ThreadsNetworkTests.setUp(label: label)
            file = h.path("threads-credentials")
            accepted = try String(contentsOfFile: file, encoding: .utf8)
            refused = "access_token = revoked-token\nuser_id = 42\n"
            creates = { [fake] in
                let counts = try await fake.control("GET", "/_control/counts") as? [String: Int] ?? [:]
                return counts.values.reduce(0, +)  // every request: a paused account sends none
            }
        case .linkedin:
            (h, fake) = try await LinkedInNetworkTests.setUp(label: label)
            file = h.path("linkedin-credentials")
            accepted = try String(contentsOfFile: file, encoding: .utf8)
            refused = "access_token = revoked-token\n"
            creates = { [fake] in  // every request, refused ones included
                (try await fake.control("GET", "/_control/requests") as? [Any] ?? []).count
            }
        }
        try h.write(refused, to: file, mode: 0o600)
        return Setup(harness: h, fake: fake, credentialsFile: file, refused: refused, accepted: accepted,
                     creates: creates)
    }

    /// The `STATUS=` texts received so far.
    static func statuses(_ receiver: DatagramReceiver) throws -> [String] {
        try receiver.drain().flatMap { $0.split(separator: "\n") }.filter { $0.hasPrefix("STATUS=") }
            .map { String($0.dropFirst("STATUS=".count)) }
    }

    /// Paused with one journal entry; posts wait through a restart; a reload with new credentials publishes them
    /// all, exactly once.
    @Test("paused, waiting through a restart, resumed by new credentials", arguments: Network.allCases)
    func pauseAndResume(_ network: Network) async throws {
        let setup = try await Self.setUp(network, label: "paused-\(network.rawValue)")
        let h = setup.harness
        let receiver = try DatagramReceiver(path: h.path("notify"))
        h.environment["NOTIFY_SOCKET"] = receiver.path
        try await h.start()
        try h.drop("thread.post", postText(["At: now"], "Part one\n---\nPart two\n---\nPart three"))
        try h.drop("single.post", postText(["At: now"], "One more"))
        try await h.waitForAccepted("thread.post")
        try await h.waitForAccepted("single.post")
        let paused = try await h.waitForEvent("paused")
        #expect(paused["HERALD_ACCOUNT"] == "brand")
        #expect(paused.priority == 3, "an error: \(paused)")
        var seen: [String] = []
        _ = try await h.eventually("STATUS= to name the account") { () -> Bool? in
            seen += try Self.statuses(receiver)
            return seen.contains { $0.hasPrefix("degraded: brand needs new credentials; 2 queued") } ? true : nil
        }
        let refusedRequests = try await setup.creates()
        // Nothing failed, nothing was published, and the queue still holds both posts.
        #expect(h.events("failed").isEmpty && h.events("retrying").isEmpty && h.events("published").isEmpty,
                "\(h.diagnostics)")
        #expect(try await setup.fake.statuses().isEmpty)
        let queue = try await h.queue()
        #expect(queue.count == 2)
        #expect(queue.allSatisfy { $0["account_paused"]?.string?.isEmpty == false }, "\(queue)")

        // A restart with the same credentials stays paused without asking the network again.
        try await h.stop()
        try await h.start()
        _ = try await h.eventually("STATUS= after the restart") { () -> Bool? in
            seen = try Self.statuses(receiver)
            return seen.contains { $0.hasPrefix("degraded: brand needs new credentials") } ? true : nil
        }
        #expect(h.events("paused").count == 1)
        #expect(try await setup.creates() == refusedRequests)

        // A reload with the same credentials keeps the pause; with new ones it ends it.
        kill(try #require(h.daemon).pid, SIGHUP)
        _ = try await h.eventually("the reload") {
            h.lines.contains { $0.message == "account still paused: its credentials are the ones refused" } ? true : nil
        }
        try h.write(setup.accepted, to: setup.credentialsFile, mode: 0o600)
        kill(try #require(h.daemon).pid, SIGHUP)
        try await h.waitForEvent("resumed")
        try await h.waitForEvent("published", count: 4)
        try await h.waitUntilIdle()
        let posts = try await setup.fake.statuses()
        #expect(posts.count == 4, "\(posts)")
        #expect(h.events("paused").count == 1)
        #expect(h.events("failed").isEmpty)
        _ = try await h.eventually("STATUS= no longer degraded") { () -> Bool? in
            seen = try Self.statuses(receiver)
            return seen.last.map { !$0.hasPrefix("degraded") } == true ? true : nil
        }
        #expect(!h.diagnostics.contains("revoked"), "credentials must never be logged")
        try await h.stop()
    }

    /// An exec command saying its credentials were refused (exit 77) pauses the account like a network does; the
    /// command keeps its secrets itself, so any reload resumes it.
    @Test("exec: exit 77 pauses the account; a reload resumes it")
    func execExit77() async throws {
        let h = try DaemonHarness(label: "paused-exec")
        let flag = h.path("credentials-fixed")
        let script = h.path("publish.sh")
        try h.write("""
            #!/bin/sh
            cat >/dev/null
            [ -e "\(flag)" ] || { echo "token revoked" >&2; exit 77; }
            echo "remote-$$"

            """, to: script, mode: 0o755)
        try h.writeConfig(TestConfig(accounts: [TestConfig.exec("brand", command: [script])]))
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "Waits for the fix"))
        try await h.waitForAccepted("a.post")
        let paused = try await h.waitForEvent("paused")
        #expect(paused["HERALD_REASON"]?.contains("token revoked") == true)
        #expect(h.events("failed").isEmpty)
        try h.write("", to: flag)
        kill(try #require(h.daemon).pid, SIGHUP)
        try await h.waitForEvent("resumed")
        let published = try await h.waitForEvent("published")
        #expect(published["HERALD_REMOTE_ID"]?.hasPrefix("remote-") == true)
        #expect(h.events("paused").count == 1)
    }

    /// Credentials that work again without being replaced (the app authorized anew, the account restored): a reload
    /// alone keeps the pause, `herald resume` and a reload end it.
    @Test("herald resume ends a pause whose credentials are unchanged")
    func resumeCommand() async throws {
        let h = try DaemonHarness(label: "paused-resume")
        let flag = h.path("works-again")
        let script = h.path("publish.sh")
        let secret = h.path("exec-credentials")
        try h.write("token = unchanged\n", to: secret, mode: 0o600)
        try h.write("""
            #!/bin/sh
            cat >/dev/null
            [ -e "\(flag)" ] || { echo "token refused" >&2; exit 77; }
            echo "remote-$$"

            """, to: script, mode: 0o755)
        try h.writeConfig(TestConfig(accounts: [
            TestConfig.exec("brand", command: [script], "credentials = \"\(secret)\""),
        ]))
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "Waits for the fix"))
        try await h.waitForEvent("paused")
        try h.write("", to: flag)
        kill(try #require(h.daemon).pid, SIGHUP)
        _ = try await h.eventually("the reload") {
            h.lines.contains { $0.message == "account still paused: its credentials are the ones refused" } ? true : nil
        }
        #expect(h.events("published").isEmpty)
        let resumed = try await h.cli(["resume", "brand"])
        #expect(resumed.status == .exited(0), "\(resumed)")
        #expect(resumed.stdout.contains("brand resumed"), "\(resumed)")
        kill(try #require(h.daemon).pid, SIGHUP)
        try await h.waitForEvent("resumed")
        try await h.waitForEvent("published")
        let again = try await h.cli(["resume", "brand"])
        #expect(again.stdout == "brand is not paused\n", "\(again)")
    }
}
