import Foundation
import HeraldTestSupport
import Testing

/// heraldd and herald with `[daemon] database = "postgres://…"` (issue 17): the real binaries on the tests' own
/// PostgreSQL server, the password read from a credentials file.
@Suite("heraldd on PostgreSQL")
struct PostgresDaemonTests {
    /// A harness whose configuration points at a fresh database; `password` is the credentials file to name.
    static func harness(_ database: TestPostgresDatabase, password: String? = nil, label: String = #function)
        throws -> DaemonHarness
    {
        var config = TestConfig()
        config.daemon += [
            "database = \"\(database.url)\"", "database_password = \"\(password ?? database.passwordFile)\"",
        ]
        return try DaemonHarness(config, label: label)
    }

    @Test("posts and threads go out exactly once, herald reads the same queue, and nothing lands in SQLite")
    func publishes() async throws {
        let database = try TestPostgresDatabase()
        let h = try Self.harness(database)
        try await h.start()
        try h.drop("a.post", postText(["At: now"], "first"))
        try h.drop("b.post", postText(["At: now"], "one\n---\ntwo\n---\nthree"))
        try await h.waitForOutbox(count: 4)
        try await h.waitUntilIdle()
        try h.drop("later.post", postText(["At: 2099-01-01T09:00:00Z"], "much later"))
        _ = try await h.waitForAccepted("later.post")
        let texts = try h.outbox().map { $0.text ?? "" }
        #expect(texts.count == 4)
        #expect(texts.filter { $0 == "first" }.count == 1)
        #expect(texts.filter { ["one", "two", "three"].contains($0) } == ["one", "two", "three"])

        let queue = try await h.cli(["queue", "--json"])
        #expect(queue.status == .exited(0), "\(queue)")
        #expect(queue.stdout.contains("much later"), "\(queue)")
        let history = try await h.history()
        #expect(history.count == 2, "\(history)")
        #expect(!FileManager.default.fileExists(atPath: h.state + "/herald.sqlite"),
                "a PostgreSQL node keeps no SQLite state")

        // A restart reads the same database: nothing goes out again.
        #expect(try await h.stop() == .exited(0))
        try await h.start()
        try h.drop("c.post", postText(["At: now"], "after the restart"))
        try await h.waitForOutbox(count: 5)
        #expect(try h.outbox().map(\.seq) == [1, 2, 3, 4, 5], "no status twice, the sequence carried on")
    }

    @Test("a wrong password stops heraldd, naming the database and never the password")
    func wrongPassword() async throws {
        let database = try TestPostgresDatabase()
        let h = try DaemonHarness(label: "postgres-wrong-password")
        let password = h.path("db-password")
        try h.write("NOT-THE-PASSWORD\n", to: password, mode: 0o600)
        var config = TestConfig()
        config.daemon += ["database = \"\(database.url)\"", "database_password = \"\(password)\""]
        try h.writeConfig(config)
        let run = try await h.start(waitReady: false)
        let status = try #require(await run.wait(timeout: DaemonHarness.patience), "heraldd kept running")
        #expect(status != .exited(0), "\(status)")
        let output = run.output.lines.joined(separator: "\n")
        #expect(output.contains(database.url) && output.contains("password authentication failed"), "\(output)")
        #expect(!output.contains("NOT-THE-PASSWORD"), "the password must never be logged: \(output)")
        #expect(!output.contains("herald ready"))
    }

    @Test("a password file others can read is refused before any connection")
    func openPasswordFile() async throws {
        let database = try TestPostgresDatabase()
        let h = try DaemonHarness(label: "postgres-open-password")
        let password = h.path("db-password")
        try h.write(database.password + "\n", to: password, mode: 0o644)
        var config = TestConfig()
        config.daemon += ["database = \"\(database.url)\"", "database_password = \"\(password)\""]
        try h.writeConfig(config)
        let run = try await h.start(waitReady: false)
        let status = try #require(await run.wait(timeout: DaemonHarness.patience), "heraldd kept running")
        #expect(status != .exited(0), "\(status)")
        let output = run.output.lines.joined(separator: "\n")
        #expect(output.contains("[daemon] database_password: \(password) is accessible by group or others"),
                "\(output)")
        #expect(!output.contains(database.password))
    }
}

extension PostgresDaemonTests {
    @Test("a second heraldd with the same node name is refused while the first runs, and starts once it is gone")
    func oneNodePerDatabase() async throws {
        let database = try TestPostgresDatabase()
        let first = try Self.harness(database, label: "postgres-first")
        let second = try Self.harness(database, label: "postgres-second")
        try await first.start()
        let run = try await second.start(waitReady: false)
        let status = try #require(await run.wait(timeout: DaemonHarness.patience), "the second heraldd kept running")
        #expect(status != .exited(0), "\(status)")
        let output = run.output.lines.joined(separator: "\n")
        #expect(output.contains("another heraldd is running as node"), "\(output)")
        #expect(try await first.stop() == .exited(0))
        try await second.start()
        try second.drop("a.post", postText(["At: now"], "from the second"))
        try await second.waitForOutbox(count: 1)
    }
}
