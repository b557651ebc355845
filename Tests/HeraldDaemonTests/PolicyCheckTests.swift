import Foundation
import Testing

/// `herald check` runs the policy gate: every hit with its rule, matched text and position, in text and JSON.
@Suite("herald check: policy hits")
struct PolicyCheckTests {
    /// A harness whose config has a brand and a personal account and a [policy] with the shipped word lists, a
    /// terms file and a never-reply-to handle.
    static func harness(brand: [String] = [], label: String = #function) throws -> DaemonHarness {
        var config = TestConfig()
        config.accounts = [
            TestConfig.outbox("brand", "voice = \"brand\"") + brand.map { $0 + "\n" }.joined(),
            TestConfig.outbox("me", "voice = \"personal\""),
            TestConfig.outbox("help", "voice = \"brand\""),
        ]
        config.extra = "[policy]\nterms = \"terms.txt\"\nnever_reply_to = [\"@troll\"]\n"
        let h = try DaemonHarness(config, label: label)
        let shipped = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("etc/herald/policy").path
        try FileManager.default.createDirectory(atPath: h.path("policy"), withIntermediateDirectories: true)
        for language in ["en", "fr", "nb"] {
            try FileManager.default.copyItem(atPath: shipped + "/profanity-\(language).txt",
                                             toPath: h.path("policy/profanity-\(language).txt"))
        }
        try h.write("Bluebird\nProject Nightjar | 2099-01-15T09:00:00Z\n", to: h.path("policy/terms.txt"))
        return h
    }

    @Test("--json: a \"policy\" array with rule, action, matched text, line and column; rejects are errors")
    func json() async throws {
        let h = try Self.harness()
        let post = h.path("chrysler.post")
        try h.write(postText(["Account: brand, me"], "Nobody here knows how to f**king drive\n"
                             + "I think Bluebird is near, @troll"), to: post)
        let result = try await h.cli(["check", "--json", post])
        #expect(result.status == .exited(1), "\(result)")
        let report = try #require(try result.json.array?.first, "\(result)")
        #expect(report.keys == ["file", "ok", "errors", "warnings", "targets", "policy"], "\(report)")
        #expect(report["ok"] == .bool(false))
        let policy = try #require(report["policy"]?.array, "\(report)")
        for entry in policy {
            #expect(entry.keys == ["account", "rule", "action", "matched", "line", "column", "message"], "\(entry)")
        }
        let brand = policy.filter { $0["account"] == .string("brand") }
        #expect(brand.map { $0["rule"]?.string } == ["profanity", "voice", "confidential", "never_reply_to"])
        #expect(brand.map { $0["action"]?.string } == ["reject", "warn", "reject", "reject"])
        #expect(brand.map { $0["matched"]?.string } == ["f**king", "I", "Bluebird", "@troll"])
        #expect(brand.map { $0["line"]?.int } == [3, 4, 4, 4])
        #expect(brand.map { $0["column"]?.int } == [26, 1, 9, 27])
        #expect(brand[0]["message"] == .string(#"profanity "f**king" (en: fuck*)"#))
        // The personal account: profanity only warns, and the brand voice does not apply.
        let personal = policy.filter { $0["account"] == .string("me") }
        #expect(personal.map { $0["rule"]?.string } == ["profanity", "confidential", "never_reply_to"])
        #expect(personal.map { $0["action"]?.string } == ["warn", "reject", "reject"])

        // The hits are errors and warnings too, with their lines, for consumers that read only those.
        let errors = try #require(report["errors"]?.array)
        #expect(errors.count == 5, "\(errors)")
        #expect(errors.contains {
            $0["line"] == .number(3) && $0["message"]?.string?.contains("f**king") == true
                && $0["message"]?.string?.contains("profanity") == true
        }, "\(errors)")
        let warnings = try #require(report["warnings"]?.array)
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.contains { $0["line"] == .number(4) && $0["message"]?.string?.contains("voice") == true })
    }

    @Test("warn and hold hits leave the file ok (exit 0) and are printed as warnings with line and column")
    func warningsOnly() async throws {
        let h = try Self.harness()
        let post = h.path("plans.post")
        try h.write(postText(["Account: brand"], "I can't wait for Project Nightjar"), to: post)
        let result = try await h.cli(["check", post])
        #expect(result.status == .exited(0), "\(result)")
        #expect(result.stdout.contains("\(post): ok"), "\(result)")
        #expect(result.stdout.contains("\(post):3: warning: policy voice (warn, account brand): column 1: "),
                "\(result)")
        #expect(result.stdout.contains("\(post):3: warning: policy embargo (warn, account brand): column 18: "),
                "\(result)")
        #expect(result.stdout.contains("2099-01-15T09:00:00Z"), "\(result)")
    }

    @Test("text output: reject hits are FILE:LINE errors naming the rule, account, column and matched text")
    func text() async throws {
        let h = try Self.harness()
        let post = h.path("fr.post")
        try h.write(postText(["Account: brand", "Language: fr"], "Bonjour,\nquel b0rdel, et le conseil dit non"),
                    to: post)
        let result = try await h.cli(["check", post])
        #expect(result.status == .exited(1), "\(result)")
        #expect(result.stdout.contains(
            "\(post):5: policy profanity (reject, account brand): column 6: profanity \"b0rdel\" (fr: bordel)"),
                "\(result)")
        #expect(!result.stdout.contains("conseil\""), "\(result)")
        #expect(!result.stdout.contains("\(post): ok"), "\(result)")
    }

    @Test("a support post is reported moved to the support account and checked there too")
    func support() async throws {
        let h = try Self.harness(brand: ["support_account = \"help\""])
        let post = h.path("support.post")
        try h.write(postText(["Account: brand", "Kind: support"], "Sorry, we are on it. Damn printers."), to: post)
        let result = try await h.cli(["check", "--json", post])
        #expect(result.status == .exited(1), "\(result)")
        let report = try #require(try result.json.array?.first, "\(result)")
        let policy = try #require(report["policy"]?.array, "\(report)")
        #expect(policy.map { $0["account"]?.string } == ["brand", "brand", "help"], "\(policy)")
        #expect(policy.map { $0["rule"]?.string } == ["support", "profanity", "profanity"], "\(policy)")
        #expect(policy[0]["action"] == .string("warn"))
        #expect(policy[0]["line"] == .number(2) && policy[0]["column"] == .number(7), "\(policy[0])")
        #expect(policy[0]["message"]?.string?.contains("moved") == true, "\(policy[0])")
    }

    @Test("a clean post has an empty policy array")
    func clean() async throws {
        let h = try Self.harness()
        let post = h.path("clean.post")
        try h.write(postText(["Account: brand"], "We assess every cockpit in Scunthorpe. A classic."), to: post)
        let result = try await h.cli(["check", "--json", post])
        #expect(result.status == .exited(0), "\(result)")
        let report = try #require(try result.json.array?.first, "\(result)")
        #expect(report["policy"] == .array([]))
        #expect(report["ok"] == .bool(true))
    }
}

/// `herald plan` applies the policy gate as the daemon does at accept.
@Suite("herald plan: the policy gate")
struct PolicyPlanTests {
    @Test("an embargoed term moves the post to the embargo's end; a refused target is a problem")
    func embargoAndRefusal() async throws {
        let h = try PolicyCheckTests.harness()
        let embargoed = h.path("nightjar.post")
        try h.write(postText(["Account: brand"], "We will show you Project Nightjar"), to: embargoed)
        let planned = try await h.cli(["plan", "--now", "2026-11-23T08:00:00Z", "--json", embargoed])
        #expect(planned.status == .exited(0), "\(planned)")
        let at = try #require(try planned.json[0]?["scheduled_at"]?.date, "\(planned)")
        #expect(at >= RFC3339Parse.date("2099-01-15T09:00:00Z")!, "\(planned)")

        let profane = h.path("profane.post")
        try h.write(postText(["Account: brand, me"], "What the f**k"), to: profane)
        let refused = try await h.cli(["plan", "--now", "2026-11-23T08:00:00Z", "--json", profane])
        #expect(refused.status == .exited(1), "\(refused)")
        #expect(refused.stderr.contains("refused on brand by the policy"), "\(refused)")
        #expect(try refused.json.array?.map { $0["account"]?.string } == ["me"], "the personal account still goes")
    }
}

/// `herald check` and heraldd judge support posts the same way (one `TargetGate`).
@Suite("herald check: support posts as the daemon sees them")
struct PolicySupportCheckTests {
    @Test("a support post moving to a personal-voice help account is judged there; the brand's hits only warn")
    func supportMovesBeforeJudging() async throws {
        var config = TestConfig()
        config.accounts = [
            TestConfig.outbox("brand", "voice = \"brand\"", "support_account = \"help\"",
                              "policy = { voice = \"reject\" }"),
            TestConfig.outbox("help", "voice = \"personal\""),
        ]
        let h = try DaemonHarness(config)
        let post = h.path("sorry.post")
        try h.write(postText(["Account: brand", "Kind: support"], "I'm sorry, I'll look into it for you"), to: post)
        let result = try await h.cli(["check", "--json", post])
        #expect(result.status == .exited(0), "the daemon would publish it on help: \(result)")
        let report = try #require(try result.json.array?.first)
        #expect(report["errors"]?.array?.isEmpty == true, "\(report)")
        let warnings = try #require(report["warnings"]?.array).compactMap { $0["message"]?.string }
        #expect(warnings.contains { $0.contains("voice") && $0.contains("not applied") }, "\(warnings)")

        // Through the daemon: published on help.
        try await h.start()
        try h.drop("sorry.post", postText(["Account: brand", "Kind: support"], "I'm sorry, I'll look into it"))
        let files = try await h.waitForOutbox("help", count: 1)
        #expect(files[0].text == "I'm sorry, I'll look into it")
        try await h.stop()
    }
}
