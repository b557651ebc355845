import Foundation
import Glibc
import Testing

/// DESIGN's journal contract: every post event carries HERALD_POST_ID, HERALD_ACCOUNT and HERALD_EVENT — on stderr
/// (`<N>` lines) and, when stderr is the journal, as structured journal fields.
@Suite("Journal and log events")
struct JournalTests {
    /// Post events whose post has a known account (a rejected file may have none).
    static let accountEvents: Set<String> = ["accepted", "scheduled", "published", "retrying", "failed", "missed"]

    @Test("stderr lines carry the HERALD_* fields and <N> priorities")
    func stderrFields() async throws {
        let h = try DaemonHarness()
        try await h.start()
        try h.drop("good.post", postText(["At: now"], "logged"))
        try h.drop("bad.post", postText(["At: now", "Colour: red"], "rejected"))
        let id = try await h.waitForAccepted("good.post")
        try await h.waitForEvent("published", postID: id)
        try await h.waitForEvent("rejected", file: "bad.post")

        let events = h.lines.filter { $0.event != nil }
        #expect(Set(events.compactMap(\.event)).isSuperset(of: ["accepted", "scheduled", "published", "rejected"]))
        for line in events {
            #expect(line.priority != nil, "\(line)")
            #expect(line["HERALD_POST_ID"]?.isEmpty == false, "\(line)")
        }
        for line in events where Self.accountEvents.contains(line.event!) {
            #expect(line["HERALD_ACCOUNT"] == "brand", "\(line)")
        }
        #expect(h.events("published").first?.priority == 6)
        #expect(h.events("rejected").first?.priority == 4)
        let accepted = try #require(h.events("accepted").first)
        #expect(accepted["HERALD_ACCOUNT"] == "brand", "\(accepted)")
    }

    @Test("under a real systemd-journald, events are structured entries with the HERALD_* fields",
          .enabled(if: JournaldSandbox.isAvailable, "needs root and systemd-journald (see JournaldSandbox)"))
    func journald() async throws {
        let h = try DaemonHarness()
        // Dropped before the start: the daemon's first rescan picks them up.
        try h.drop("good.post", postText(["At: now"], "to the journal"))
        try h.drop("bad.post", postText(["At: now", "Colour: red"], "rejected"))
        // heraldd runs until both files are dealt with, then gets SIGTERM; the sandbox wants exit status 0.
        let script = """
            "$0" --config "$1" --spool "$2" --state "$3" & pid=$!
            i=0
            while [ ! -e "$3/outbox/brand/00000001.json" ] || [ ! -e "$2/rejected/bad.post.error" ]; do
              i=$((i + 1)); [ $i -gt 300 ] && break; sleep 0.05
            done
            kill -TERM $pid
            wait $pid
            """
        let command = ["/bin/sh", "-c", script, h.heraldd, h.configPath, h.spool, h.state]
        let entries = try await onThread { try JournaldSandbox.run(command, timeout: .seconds(30)) }
        #expect(try h.outbox().map(\.text) == ["to the journal"])

        let ours = entries.filter { $0["SYSLOG_IDENTIFIER"] == "heraldd" || $0["_COMM"] == "heraldd" }
        #expect(ours.contains { $0["MESSAGE"] == "herald ready" }, "\(ours)")
        // Structured, not text on the stream: no stdout-transport entry carries HERALD_ fields as text.
        let textual = entries.filter { $0["_TRANSPORT"] == "stdout" && ($0["MESSAGE"] ?? "").contains("HERALD_") }
        #expect(textual.isEmpty, "events written as text instead of journal fields: \(textual)")

        let events = ours.filter { $0["HERALD_EVENT"] != nil }
        func first(_ event: String) -> [String: String]? { events.first { $0["HERALD_EVENT"] == event } }
        let published = try #require(first("published"), "\(events)")
        #expect(published["HERALD_POST_ID"]?.isEmpty == false)
        #expect(published["HERALD_ACCOUNT"] == "brand")
        #expect(published["PRIORITY"] == "6")
        let scheduled = try #require(first("scheduled"), "\(events)")
        #expect(scheduled["HERALD_POST_ID"] == published["HERALD_POST_ID"])
        #expect(scheduled["HERALD_ACCOUNT"] == "brand")
        let accepted = try #require(first("accepted"), "\(events)")
        #expect(accepted["HERALD_POST_ID"] == published["HERALD_POST_ID"])
        #expect(accepted["HERALD_FILE"] == "good.post")
        #expect(accepted["HERALD_ACCOUNT"] == "brand", "\(accepted)")
        let rejected = try #require(first("rejected"), "\(events)")
        #expect(rejected["HERALD_POST_ID"]?.isEmpty == false)
        #expect(rejected["HERALD_FILE"] == "bad.post")
        #expect(rejected["PRIORITY"] == "4")
        #expect(rejected["HERALD_REASON"]?.contains("Colour") == true, "\(rejected)")
    }
}

/// Runs blocking work on its own thread, so it never holds one of the few cooperative threads.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
