import Foundation
import Glibc
import Testing

/// The policy gate in the running daemon: verdicts applied at accept, held posts approved, rejected or expired,
/// submitters checked by the spool file's owner. Tests that need other uids give heraldd and the CLI users of their
/// own in a private mount namespace (root only; see `TestUsers`) and say they were skipped otherwise.
@Suite("Policy in the daemon")
struct PolicyDaemonTests {
    /// The repository's word lists (`etc/herald/policy`).
    static let lists = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("etc/herald/policy").path

    static func config(_ accounts: [String], daemon: [String] = ["max_lateness = \"15m\""], directory: String = lists,
                       policy: [String] = []) -> TestConfig
    {
        TestConfig(daemon: daemon, accounts: accounts,
                   extra: "[policy]\ndirectory = \"\(directory)\"\n" + policy.map { $0 + "\n" }.joined())
    }

    static func skipped(_ test: String) {
        print("skipped \(test): test users (a mount namespace) and chown need root")
    }

    @Test("a profane post to a brand account is rejected with rule, place and match; cross-posted, the other goes")
    func profanityRejects() async throws {
        let h = try DaemonHarness(Self.config([
            TestConfig.outbox("brand", "voice = \"brand\""), TestConfig.outbox("ceo", "voice = \"personal\""),
        ]))
        try await h.start()
        try h.drop("chrysler.post", postText(["At: now"], "nobody here knows how to f**king drive"))
        let error = try await h.waitForRejection("chrysler.post")
        #expect(error.contains("line 3:26: profanity (brand, reject): \"f**king\""), "\(error)")
        let hit = try await h.waitForEvent("policy", file: "chrysler.post")
        #expect(hit["HERALD_RULE"] == "profanity" && hit["HERALD_MATCHED"] == "f**king", "\(hit)")
        #expect(hit["HERALD_ACCOUNT"] == "brand" && hit["HERALD_LINE"] == "3", "\(hit)")
        try await h.waitForEvent("rejected", file: "chrysler.post")

        // One account rejects, the other warns: the post goes on where it may, the rejected target is recorded.
        try h.drop("both.post", postText(["Account: brand, ceo", "At: now"], "what a f**king great drive"))
        let id = try await h.waitForAccepted("both.post")
        try await h.waitForOutbox("ceo", count: 1)
        try await h.waitUntilIdle()
        #expect(try h.outbox("brand").isEmpty)
        #expect(!h.rejectedNames.contains("both.post"))
        let history = try await h.history().filter { $0["id"] == .string(id) }
        let brand = try #require(history.first { $0["account"] == .string("brand") }, "\(history)")
        #expect(brand["state"] == .string("rejected"))
        #expect(brand["error"]?.string?.contains("profanity") == true, "\(brand)")
        #expect(history.first { $0["account"] == .string("ceo") }?["state"] == .string("published"))
        try await h.waitForEvent("rejected", postID: id)
        let rejected = h.events("rejected", postID: id)
        #expect(rejected.map { $0["HERALD_ACCOUNT"] } == ["brand"], "\(rejected)")
        #expect(Set(h.events("policy", postID: id).compactMap { $0["HERALD_ACCOUNT"] }) == ["brand", "ceo"])
    }

    @Test("a held post: the author and non-approvers are refused, an approver releases it and it is published")
    func holdThenApprove() async throws {
        guard TestUsers.available else { return Self.skipped("holdThenApprove") }
        let users = try TestUsers()
                let h = try DaemonHarness(Self.config([
            TestConfig.outbox("brand", "voice = \"brand\"", "policy = { profanity = \"hold\" }",
                              "approvers = [\"@\(users.approverGroup)\", \"\(users.author)\"]"),
        ]))
        try h.runWith(users)
        try await h.start()
        // Due in two seconds: the approval comes later, within max_lateness, so it goes out at once.
        let at = wholeSecond(inAtLeast: 2)
        try h.drop("held.post", postText(["At: \(rfc3339(at))"], "that was a shitty drive"), owner: users.author,
                   users: users)
        let id = try await h.waitForAccepted("held.post")
        let held = try await h.waitForEvent("held", postID: id)
        #expect(held["HERALD_REASON"]?.contains("profanity") == true, "\(held)")
        #expect(try await h.queue().first { $0["id"] == .string(id) }?["state"] == .string("held"))

        let own = try await h.cli(as: users.author, ["approve", id], users: users)
        #expect(own.status == .exited(1) && own.stderr.contains("wrote this post"), "\(own)")
        let stranger = try await h.cli(as: users.other, ["approve", id], users: users)
        #expect(stranger.status == .exited(1) && stranger.stderr.contains("not one of its approvers"), "\(stranger)")
        let spoof = try await h.cli(as: users.other, ["approve", id, "--as", users.approver], users: users)
        #expect(spoof.status == .exited(1) && spoof.stderr.contains("root only"), "\(spoof)")
        try await sleepUntil(at.addingTimeInterval(1))
        #expect(try h.outbox("brand").isEmpty, "nothing goes out while held")

        let approved = try await h.cli(as: users.approver, ["approve", id], users: users)
        #expect(approved.status == .exited(0), "\(approved)")
        #expect(approved.stdout.contains("approved by \(users.approver)"), "\(approved)")
        let files = try await h.waitForOutbox("brand", count: 1)
        #expect(files[0].postID == id && files[0].text == "that was a shitty drive")
        let event = try await h.waitForEvent("approved", postID: id)
        #expect(event["HERALD_APPROVER"] == users.approver, "\(event)")
        #expect(event["HERALD_APPROVER_UID"] == "\(try users.uid(users.approver))", "\(event)")
        #expect(event["HERALD_REQUEST_UID"] == event["HERALD_APPROVER_UID"], "\(event)")
        #expect(h.events("approved").count == 1, "refused requests change nothing")
    }

    @Test("an approver rejects a held post (root acting with --as); root as itself is not an approver")
    func holdThenReject() async throws {
        guard TestUsers.available else { return Self.skipped("holdThenReject") }
        let users = try TestUsers()
                let h = try DaemonHarness(Self.config([
            TestConfig.outbox("brand", "voice = \"brand\"", "policy = { profanity = \"hold\" }",
                              "approvers = [\"\(users.approver)\"]"),
        ]))
        try h.runWith(users)
        try await h.start()
        try h.drop("held.post", postText(["At: \(rfc3339(wholeSecond(inAtLeast: 3600)))"], "shitty news"),
                   owner: users.author, users: users)
        let id = try await h.waitForAccepted("held.post")
        try await h.waitForEvent("held", postID: id)
        let asRoot = try await h.cli(["reject", id, "--reason", "no"])
        #expect(asRoot.status == .exited(1) && asRoot.stderr.contains("root is not one of its approvers"), "\(asRoot)")
        let rejected = try await h.cli(["reject", id, "--reason", "not our tone", "--as", users.approver])
        #expect(rejected.status == .exited(0), "\(rejected)")
        #expect(rejected.stdout.contains("rejected by \(users.approver)"), "\(rejected)")
        let event = try await h.waitForEvent("rejected", postID: id)
        #expect(event["HERALD_REASON"] == "not our tone" && event["HERALD_APPROVER"] == users.approver, "\(event)")
        #expect(event["HERALD_REQUEST_UID"] == "0", "root acted for the approver: \(event)")
        let entry = try #require(try await h.history().first { $0["id"] == .string(id) })
        #expect(entry["state"] == .string("rejected"))
        #expect(entry["error"] == .string("rejected by \(users.approver): not our tone"))
        #expect(try await h.queue().isEmpty)
        let again = try await h.cli(["approve", id, "--as", users.approver])
        #expect(again.status == .exited(1) && again.stderr.contains("not held (rejected)"), "\(again)")
    }

    @Test("a held post nobody approves expires at its time and is never published late")
    func heldPostExpires() async throws {
        let h = try DaemonHarness(Self.config(
            [TestConfig.outbox("brand", "voice = \"brand\"", "policy = { profanity = \"hold\" }",
                               "approvers = [\"nobody-at-all\"]")],
            daemon: ["max_lateness = \"1s\""]))
        try await h.start()
        // Far enough ahead that a loaded machine still accepts it before it is late (max_lateness is 1 s here).
        try h.drop("held.post", postText(["At: \(rfc3339(wholeSecond(inAtLeast: 5)))"], "shitty timing"))
        let id = try await h.waitForAccepted("held.post")
        let expired = try await h.waitForEvent("expired", postID: id)
        #expect(expired.priority == 5, "logged at notice: \(expired)")
        let entry = try #require(try await h.history().first { $0["id"] == .string(id) })
        #expect(entry["state"] == .string("expired"))
        #expect(try h.outbox("brand").isEmpty)
        let late = try await h.cli(["approve", id])
        #expect(late.status == .exited(1) && late.stderr.contains("expired"), "\(late)")
        #expect(try h.outbox("brand").isEmpty)
    }

    @Test("approval requests that cannot apply are answered `refused` in replies/ and removed; no daemon, no answer")
    func approvalRequestsAnswered() async throws {
        let h = try DaemonHarness(Self.config([TestConfig.outbox("brand", "voice = \"brand\"")]))
        let early = try await h.cli(["approve", "nothing-yet", "--wait", "0.3"])
        #expect(early.status == .exited(1) && early.stderr.contains("no answer from heraldd"), "\(early)")
        // The request left by the CLI is answered once heraldd runs.
        let waiting = try #require(h.incomingNames.first { $0.hasSuffix(".approval") }, "\(h.incomingNames)")
        // A request answered just before a crash (its reply written, the request not yet removed) is only removed.
        let replies = h.spool + "/replies/"
        try FileManager.default.createDirectory(atPath: replies, withIntermediateDirectories: true)
        try h.write("approved\nbrand: approved by carol\n", to: replies + "done.approval.reply")
        try h.drop("done.approval", postText(["Approve: nothing-yet"], ""))
        try await h.start()
        let first = try await h.eventually("a reply to \(waiting)") {
            try? String(contentsOfFile: replies + waiting + ".reply", encoding: .utf8)
        }
        #expect(first == "refused\nno post with id nothing-yet\n")
        try h.drop("junk.approval", bytes: Array("Approve it please\n".utf8))
        let junk = try await h.eventually("a reply to junk.approval") {
            try? String(contentsOfFile: replies + "junk.approval.reply", encoding: .utf8)
        }
        #expect(junk == "refused\nline 1: expected `Name: value`\n")
        try h.drop("plain.post", postText(["At: now"], "nothing to hold"))
        let id = try await h.waitForAccepted("plain.post")
        let notHeld = try await h.cli(["approve", id])
        #expect(notHeld.status == .exited(1) && notHeld.stderr.contains("not held"), "\(notHeld)")
        #expect(h.incomingNames.isEmpty, "\(h.incomingNames)")
        #expect(try String(contentsOfFile: replies + "done.approval.reply", encoding: .utf8)
            == "approved\nbrand: approved by carol\n")
    }

    @Test("submitters: the spool file's owner decides, by user or @group, whatever wrote the file")
    func submittersByOwner() async throws {
        guard TestUsers.available else { return Self.skipped("submittersByOwner") }
        let users = try TestUsers()
                let h = try DaemonHarness(Self.config([
            TestConfig.outbox("brand", "voice = \"brand\"",
                              "submitters = [\"\(users.author)\", \"@\(users.approverGroup)\"]"),
        ]))
        try h.runWith(users)
        try await h.start()
        try h.drop("other.post", postText(["At: now"], "from someone else"), owner: users.other, users: users)
        let error = try await h.waitForRejection("other.post")
        #expect(error.contains(users.other) && error.contains("brand") && error.contains("submitters"), "\(error)")
        try h.drop("author.post", postText(["At: now"], "from the author"), owner: users.author, users: users)
        try h.drop("member.post", postText(["At: now"], "from a group member"), owner: users.approver, users: users)
        try await h.waitForAccepted("author.post")
        try await h.waitForAccepted("member.post")
        // herald submit cannot launder a file: run as the other user, its file is still theirs.
        let source = h.path("cli.post")
        try h.write(postText(["At: now"], "through the CLI"), to: source)
        let submitted = try await h.cli(as: users.other, ["submit", source], users: users)
        #expect(submitted.status == .exited(0), "\(submitted)")
        let rejected = try await h.eventually("the submitted file to be rejected") {
            h.events("rejected").first { $0["HERALD_FILE"] != "other.post" }
        }
        #expect(rejected["HERALD_REASON"]?.contains(users.other) == true, "\(rejected)")
        let files = try await h.waitForOutbox("brand", count: 2)
        #expect(Set(files.compactMap(\.text)) == ["from the author", "from a group member"])
    }

    @Test("Kind: support moves to the support account once; an embargoed term delays the post to its date")
    func supportAndEmbargo() async throws {
        let until = wholeSecond(inAtLeast: 3 * 86400)
        let h = try DaemonHarness()
        let directory = h.path("policy")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for language in ["en", "fr", "nb"] {
            try FileManager.default.copyItem(atPath: Self.lists + "/profanity-\(language).txt",
                                             toPath: directory + "/profanity-\(language).txt")
        }
        try h.write("Nightjar | \(rfc3339(until))\n", to: directory + "/terms.txt")
        try h.writeConfig(Self.config([
            TestConfig.outbox("brand", "voice = \"brand\"", "support_account = \"help\""),
            TestConfig.outbox("help", "voice = \"brand\""),
        ], directory: directory, policy: ["terms = \"terms.txt\""]))
        try await h.start()
        try h.drop("support.post", postText(["Kind: support", "At: now"], "Sorry about that, we are on it"))
        let id = try await h.waitForAccepted("support.post")
        try h.drop("twice.post", postText(["Account: brand, help", "Kind: support", "At: now"], "Fixed now"))
        let twice = try await h.waitForAccepted("twice.post")
        try await h.waitForOutbox("help", count: 2)
        #expect(try h.outbox("brand").isEmpty)
        let moved = try #require(h.events("policy", postID: id).first { $0["HERALD_MOVED_FROM"] != nil })
        #expect(moved["HERALD_MOVED_FROM"] == "brand" && moved["HERALD_MOVED_TO"] == "help", "\(moved)")
        #expect(h.events("accepted", postID: twice).map { $0["HERALD_ACCOUNT"] } == ["help"])

        try h.drop("embargo.post", postText([], "Nightjar ships soon"))
        let embargoed = try await h.waitForAccepted("embargo.post")
        let entry = try #require(try await h.queue().first { $0["id"] == .string(embargoed) })
        let scheduled = try #require(entry["scheduled_at"]?.date)
        #expect(scheduled >= until, "\(entry)")
        #expect(h.events("policy", postID: embargoed).contains { $0["HERALD_RULE"] == "embargo" })
    }
}
