import Foundation
import Glibc
import HeraldTestSupport
import Testing

/// Nodes killed and stopped while they publish (issue 17): no status lost or doubled, threads in order, a
/// session's reminders exactly at every 10th of its statuses, and a node cut off past its lease silent after.
@Suite("Nodes killed and stopped", .serialized)
struct ClusterChaosTests {
    static let accounts = (1...6).map { "a\($0)" }

    /// The session on `a1`, running through the whole test, a reminder at every 10th status.
    static var session: String {
        """
        [[sessions]]
        name = "launch"
        account = "a1"
        start = "\(rfc3339(Date().addingTimeInterval(-3600)))"
        end = "\(rfc3339(Date().addingTimeInterval(86_400)))"
        delegates = ["team"]
        announce = "During the launch our team posts here too."
        reminder = "Reminder: our team is posting on this account."
        every = 10

        """
    }

    @Test("2,000 posts across three spools, nodes killed with SIGKILL and restarted at random: each status once")
    func killedAtRandom() async throws {
        let cluster = try ClusterHarness(nodes: 3, accounts: Self.accounts, extra: Self.session)
        try await cluster.startAll()
        var random = SystemRandomNumberGenerator()
        var posts: [Int: Int] = [:]
        var files: [(node: Int, name: String, text: String)] = []
        for index in 0..<2_000 {
            let account = Self.accounts[index % Self.accounts.count]
            let parts = index % 10 == 3 ? 3 : 1
            let author = account == "a1" && index % 3 != 0 ? ["Author: team"] : []
            posts[index] = parts
            let text = ClusterDaemonTests.post(index, parts: parts, account: account, headers: ["At: now"] + author)
            files.append((index % 3, "p\(index).post", text))
        }
        // The files arrive over about ten seconds, into whichever spool, while for twenty-five seconds a node is
        // killed every 0.6 to 1.5 s and started again 0.2 to 1.2 s later (not waiting for it to be ready).
        let end = ContinuousClock.now + .seconds(25)
        var nextKill = ContinuousClock.now + .milliseconds(Int.random(in: 600...1_500, using: &random))
        var restarts: [(node: Int, at: ContinuousClock.Instant)] = []
        var dropped = 0
        var kills = 0
        while ContinuousClock.now < end || dropped < files.count || !restarts.isEmpty {
            for file in files[dropped..<min(dropped + 50, files.count)] {
                try cluster.nodes[file.node].drop(file.name, file.text)
            }
            dropped = min(dropped + 50, files.count)
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...400, using: &random)))
            let now = ContinuousClock.now
            for restart in restarts where restart.at <= now { try await cluster.start(restart.node, waitReady: false) }
            restarts.removeAll { $0.at <= now }
            guard now >= nextKill, now < end else { continue }
            nextKill = now + .milliseconds(Int.random(in: 600...1_500, using: &random))
            let victim = Int.random(in: 0..<3, using: &random)
            guard let run = cluster.nodes[victim].daemon, run.isRunning,
                  !restarts.contains(where: { $0.node == victim }) else { continue }
            kill(run.pid, SIGKILL)
            _ = await run.wait(timeout: DaemonHarness.patience)
            kills += 1
            restarts.append((victim, now + .milliseconds(Int.random(in: 200...1_200, using: &random))))
        }
        #expect(kills >= 10, "the nodes were killed \(kills) times")
        for index in cluster.nodes.indices where !(cluster.nodes[index].daemon?.isRunning ?? false) {
            try await cluster.start(index)
        }
        let expected = posts.values.reduce(0, +)
        do {
            _ = try await cluster.nodes[0].eventually("every post part in the outbox", timeout: .seconds(240)) {
                () -> Bool? in
                let texts = Set(try cluster.outbox(Self.accounts).values.joined().compactMap(\.text).map(Self.plain))
                return texts.filter { $0.hasPrefix("post ") }.count >= expected ? true : nil
            }
        } catch {
            let found = try cluster.outbox(Self.accounts).mapValues(\.count)
            let texts = try cluster.outbox(Self.accounts).values.joined().compactMap(\.text).map(Self.plain)
            let wanted = posts.flatMap { post, parts in (1...parts).map { "post \(post) part \($0)" } }
            let missing = Set(wanted).subtracting(texts).sorted()
            Issue.record(Comment(rawValue: "missing \(missing.prefix(20)) (\(missing.count) in all)"))
            let nodes = (try? await cluster.nodesJSON()).map { "\($0)" } ?? "?"
            let logs = cluster.nodes.map { $0.lines.suffix(15).map(\.raw).joined(separator: "\n") }
            let text = "outbox counts \(found) of \(expected) post parts; nodes \(nodes)\n"
                + logs.joined(separator: "\n---\n")
            Issue.record(Comment(rawValue: text))
            throw error
        }
        try await Task.sleep(for: .seconds(2))  // anything doubled late would show now
        let outbox = try cluster.outbox(Self.accounts)
        for node in cluster.nodes {
            #expect(try FileManager.default.contentsOfDirectory(atPath: node.incoming).filter {
                $0.hasSuffix(".post")
            }.isEmpty, "every file accepted")
        }
        let counted = ClusterDaemonTests.checkExactlyOnce(
            outbox.mapValues { $0.map(Self.withoutTag) }, posts: posts)
        let session = outbox["a1"] ?? []
        #expect(counted == expected + session.count - session.filter { $0.json["kind"]?.string == "post" }.count)
        Self.checkReminders(session, every: 10)
        for node in cluster.nodes { #expect(try await node.stop() == .exited(0)) }
    }

    @Test("a node stopped with SIGSTOP past its lease loses its account and publishes nothing after SIGCONT")
    func stoppedPastItsLease() async throws {
        let cluster = try ClusterHarness(nodes: 2, accounts: ["a1", "a2"])
        try await cluster.start(0)
        try await cluster.start(1)
        let account = try await cluster.accountHeld(by: "n1")
        let first = try #require(cluster.nodes[0].daemon)
        // Due in four seconds: n1 holds the account now, but is stopped when they fall due.
        let due = wholeSecond(inAtLeast: 4)
        for index in 0..<5 {
            try cluster.nodes[1].drop("s\(index).post", ClusterDaemonTests.post(
                index, parts: 1, account: account, headers: ["At: \(rfc3339(due))"]))
        }
        for index in 0..<5 { _ = try await cluster.nodes[1].waitForAccepted("s\(index).post") }
        kill(first.pid, SIGSTOP)
        let stoppedAt = ContinuousClock.now
        _ = try await cluster.nodes[0].waitForOutbox(account, count: 5, timeout: .seconds(30))
        #expect(ContinuousClock.now - stoppedAt >= .seconds(2), "published only after n1's lease ran out")
        let publishedBefore = cluster.nodes[0].events("published").count
        kill(first.pid, SIGCONT)
        _ = try await cluster.nodes[0].eventually("n1 to notice it lost the account") { () -> Bool? in
            cluster.nodes[0].lines.contains { $0.event == "released" && $0["HERALD_ACCOUNT"] == account } ? true : nil
        }
        try await Task.sleep(for: .seconds(2))
        #expect(cluster.nodes[0].events("published").count == publishedBefore, "n1 published nothing after it woke")
        #expect(publishedBefore == 0)
        let files = try cluster.outbox([account])[account] ?? []
        #expect(files.count == 5)
        #expect(Set(files.compactMap(\.text)).count == 5, "each status once")
        #expect(first.isRunning, "n1 carries on, holding what the shares give it")
        for node in cluster.nodes { #expect(try await node.stop() == .exited(0)) }
    }

    /// The outbox text without the session's hashtag.
    static func plain(_ text: String) -> String {
        text.hasSuffix(" #team") ? String(text.dropLast(" #team".count)) : text
    }

    static func withoutTag(_ file: OutboxFile) -> OutboxFile {
        guard case var .object(fields) = file.json, let text = file.text else { return file }
        fields["text"] = .string(plain(text))
        return OutboxFile(name: file.name, json: .object(fields))
    }

    /// The account's statuses from the session's start: the announcement first, then a reminder exactly at every
    /// `every`th position and nowhere else.
    static func checkReminders(_ files: [OutboxFile], every: Int) {
        let ordered = files.sorted { ($0.seq ?? 0) < ($1.seq ?? 0) }
        #expect(ordered.first?.json["kind"]?.string == "announcement")
        for (index, file) in ordered.enumerated().dropFirst() {
            let position = index + 1
            #expect((file.json["kind"]?.string == "reminder") == (position % every == 0),
                    "position \(position): \(file)")
        }
        #expect(ordered.count / every >= 1)
    }
}

extension ClusterChaosTests {
    @Test("posts of an account taken from a killed node after max_lateness get on_missed, not a late publication")
    func missedWhileSilent() async throws {
        let cluster = try ClusterHarness(nodes: 2, accounts: ["a1", "a2"], lease: "6s",
                                         daemon: ["max_lateness = \"2s\"", "on_missed = \"fail\""])
        try await cluster.start(0)
        try await cluster.start(1)
        let account = try await cluster.accountHeld(by: "n1")
        try await cluster.nodes[0].kill9()
        try cluster.nodes[1].drop("late.post", ClusterDaemonTests.post(1, parts: 1, account: account))
        _ = try await cluster.nodes[1].waitForEvent("missed", timeout: .seconds(30))
        #expect(try cluster.outbox([account])[account]?.isEmpty ?? true, "never published late")
        #expect(try await cluster.nodes[1].stop() == .exited(0))
    }
}
