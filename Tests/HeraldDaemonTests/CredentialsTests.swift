import Foundation
import Testing

/// Account secrets are read when the daemon starts: a file others can read stops it with a clear reason.
@Suite("Credentials at start")
struct CredentialsTests {
    func config(_ h: DaemonHarness, credentials path: String) throws {
        try h.writeConfig(TestConfig(accounts: [TestConfig.outbox("brand", "credentials = \"\(path)\"")]))
    }

    @Test("a credentials file readable by group or others stops heraldd, naming the file and the fix")
    func tooOpen() async throws {
        let h = try DaemonHarness(label: "credentials-open")
        let secret = h.path("token")
        try h.write("TOPSECRET\n", to: secret, mode: 0o644)
        try config(h, credentials: secret)
        let run = try await h.start(waitReady: false)
        let status = try #require(await run.wait(timeout: DaemonHarness.patience), "heraldd kept running")
        #expect(status != .exited(0), "\(status)")
        let output = run.output.lines.joined(separator: "\n")
        #expect(output.contains(secret) && output.contains("chmod 600"), "\(output)")
        #expect(!output.contains("TOPSECRET"), "the secret must never be logged: \(output)")
        #expect(!output.contains("herald ready"))
    }

    @Test("an owner-only credentials file is accepted and never logged")
    func ownerOnly() async throws {
        let h = try DaemonHarness(label: "credentials-ok")
        let secret = h.path("token")
        try h.write("TOPSECRET\n", to: secret, mode: 0o600)
        try config(h, credentials: secret)
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "still publishing"))
        try await h.waitForOutbox(count: 1)
        #expect(!h.diagnostics.contains("TOPSECRET"))
    }

    @Test("a missing credentials file stops heraldd with the path")
    func missing() async throws {
        let h = try DaemonHarness(label: "credentials-missing")
        let secret = h.path("nowhere")
        try config(h, credentials: secret)
        let run = try await h.start(waitReady: false)
        let status = try #require(await run.wait(timeout: DaemonHarness.patience), "heraldd kept running")
        #expect(status != .exited(0), "\(status)")
        #expect(run.output.lines.joined(separator: "\n").contains(secret))
    }
}
