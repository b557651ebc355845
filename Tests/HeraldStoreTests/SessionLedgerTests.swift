import Foundation
import GRDB
import HeraldCore
import Testing

@testable import HeraldStore


/// What a simulated outbox holds: one entry per seq, as the real outbox (one file per seq) does.
struct SimulatedStatus: Equatable {
    var postID: String
    var part: Int
    var kind: String
    var text: String
}

@Suite("Delegated sessions in the store: the ledger, reminders, #team, crashes")
struct SessionLedgerTests {
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    static func session(every: Int = 3, closing: String? = "That's all from the team.") -> Session {
        Session(name: "show", account: "ceo", start: When.t0, end: When.at(24 * 60), delegates: ["team"],
                announce: "Our team will post here during the show.", reminder: "Reminder: our team helps here.",
                closing: closing, every: every)
    }

    /// Publishes everything due on `ceo` at `now`, recording each status; returns the kinds in order.
    @discardableResult
    func drain(_ database: AppDatabase, _ sessions: [Session], now: Date) throws -> [Claim] {
        var claims: [Claim] = []
        var rounds = 0
        while let id = try database.nextDue(account: "ceo", now: now) {
            rounds += 1
            if rounds > 10_000 {
                Issue.record("drain does not end: \(try database.queue())")
                break
            }
            guard let claim = try database.claim(targetID: id, now: now, sessions: sessions, network: .x) else {
                continue
            }
            try database.record(claim, result: .published(remoteID: "r\(claim.seq)"), now: now)
            claims.append(claim)
        }
        return claims
    }

    func post(_ database: AppDatabase, _ id: String, author: String?, parts: [String] = ["hello"], at minutes: Double)
        throws
    {
        try database.acceptFixed(makePost(id, parts: parts, targets: [target("ceo", at: minutes)], author: author))
    }

    @Test("the announcement goes first, every Nth status is a reminder, team posts get #team, closing at the end")
    func basicSequence() throws {
        let database = try scratch.open()
        let session = Self.session()
        try database.syncSessions([session], now: When.at(-60))
        try database.syncSessions([session], now: When.at(-30))  // idempotent
        #expect(try database.count("targets") == 2)
        try post(database, "p1", author: "team", at: 0)
        try post(database, "p2", author: "Brian", at: 0)
        try post(database, "p3", author: "team", parts: ["one", "two"], at: 0)
        try post(database, "p4", author: nil, at: 0)
        let claims = try drain(database, [session], now: When.at(1))
        #expect(claims.map(\.statusKind.rawValue) == ["announcement", "post", "reminder", "post", "post", "reminder",
                                                      "post", "post"])
        #expect(claims.map(\.postID) == ["s-show-a", "p1", "s-show-r3", "p2", "p3", "s-show-r6", "p3", "p4"])
        #expect(claims.map(\.text) == ["Our team will post here during the show.", "hello #team",
                                       "Reminder: our team helps here.", "hello", "one #team",
                                       "Reminder: our team helps here.", "two #team", "hello"])
        #expect(try database.statusKinds(account: "ceo") == claims.map(\.statusKind.rawValue))
        let after = try drain(database, [session], now: session.end)
        #expect(after.map(\.statusKind.rawValue) == ["closing"])
        let summary = try database.sessionSummary(session)
        #expect(summary == SessionSummary(published: 9, disclosures: 4, tagged: 3, untagged: 0))
        let disclosures = try database.events().filter { $0.event == "disclosure" }
        #expect(disclosures.map(\.postID) == ["s-show-a", "s-show-r3", "s-show-r6", "s-show-c"])
    }

    @Test("a team post too long for #team goes out unchanged and is counted as untagged")
    func tagDroppedForLength() throws {
        let database = try scratch.open()
        let session = Self.session(every: 10)
        try database.syncSessions([session], now: When.t0)
        for (index, length) in [274, 275, 279, 280].enumerated() {
            try post(database, "p\(index)", author: "team", parts: [String(repeating: "x", count: length)], at: 0)
        }
        let claims = try drain(database, [session], now: When.at(1)).filter { $0.statusKind == .post }
        #expect(claims.map(\.tag) == [.added, .dropped, .dropped, .dropped])
        #expect(claims.map(\.text.count) == [280, 275, 279, 280])
        #expect(try database.sessionSummary(session).untagged == 3)
        let dropped = try database.events().filter { $0.event == "disclosure" && $0.postID != "s-show-a" }
        #expect(dropped.count == 3)
    }

    @Test("a reminder waiting for a retry holds the account's other posts back")
    func reminderRetryBlocks() throws {
        let database = try scratch.open()
        let session = Self.session(every: 2)
        try database.syncSessions([session], now: When.t0)
        try post(database, "p1", author: "Brian", at: 0)
        let now = When.at(1)
        let first = try #require(try database.nextDue(account: "ceo", now: now))
        let announcement = try #require(try database.claim(targetID: first, now: now, sessions: [session]))
        #expect(announcement.statusKind == .announcement)
        try database.record(announcement, result: .published(remoteID: "r1"), now: now)
        let reminder = try #require(try database.claim(
            targetID: try database.targetID("p1", "ceo"), now: now, sessions: [session]))
        #expect(reminder.postID == "s-show-r2")
        try database.record(reminder, result: .temporary(reason: "busy", retryAt: When.at(5)), now: now)
        // p1 is due but must wait for the reminder: it is postponed to the reminder's retry.
        #expect(try database.claim(targetID: try database.targetID("p1", "ceo"), now: When.at(2),
                                   sessions: [session]) == nil)
        #expect(try database.nextDue(account: "ceo", now: When.at(2)) == nil)
        let later = try drain(database, [session], now: When.at(5))
        #expect(later.map(\.postID) == ["s-show-r2", "p1"])
    }

    @Test("announcements and reminders of a session that is over are never published")
    func staleDisclosuresAreCancelled() throws {
        let database = try scratch.open()
        let session = Self.session(closing: nil)
        try database.syncSessions([session], now: When.at(-10))
        try post(database, "p1", author: "team", at: 0)
        // The daemon was down for the whole session: the announcement is dropped, the post goes out untagged.
        let claims = try drain(database, [session], now: session.end.addingTimeInterval(60))
        #expect(claims.map(\.postID) == ["p1"])
        #expect(claims.first?.text == "hello")
        #expect(claims.first?.session == nil)
    }

    @Test("removing a session from the configuration cancels its pending disclosures")
    func removedSession() throws {
        let database = try scratch.open()
        try database.syncSessions([Self.session()], now: When.at(-10))
        try database.syncSessions([], now: When.at(-5))
        #expect(try database.queue().isEmpty)
    }

    /// The property: whatever the order of owner and team posts, temporary failures, crashes before or after the
    /// status left, and restarts, the session's published sequence has the announcement first, a reminder at every
    /// multiple of N and nowhere else, the closing last; no status is published twice, none is lost.
    ///
    /// The seeds run one after the other in one test, yielding between steps: synchronous SQLite work in dozens of
    /// parallel cases would hold every thread of the test pool and starve the timing-sensitive tests of other suites.
    @Test("random posts, failures, crashes and restarts keep reminders exactly at multiples of N")
    func property() async throws {
        for seed in UInt64(1)...UInt64(10) {
            try await property(seed: seed, scratch: try Scratch())
        }
    }

    func property(seed: UInt64, scratch: Scratch) async throws {
        var random = SplitMix64(seed: seed)
        let every = Int.random(in: 2...6, using: &random)
        let session = Self.session(every: every)
        let sessions = [session]
        var database = try scratch.open()
        var outbox: [Int: SimulatedStatus] = [:]
        var now = When.t0
        try database.syncSessions(sessions, now: now)
        var posts = 0
        var expectedParts = 0
        var authors: [String: String?] = [:]

        /// What the daemon does at start: resolve in-flight attempts by looking in the outbox, then sync.
        func restart() throws {
            database = try scratch.open()
            for claim in try database.inFlight() {
                if let status = outbox[claim.seq], status.postID == claim.postID, status.part == claim.part {
                    try database.record(claim, result: .published(remoteID: "r\(claim.seq)"), now: now)
                } else {
                    try database.abandon(claim, reason: "not published", now: now)
                }
            }
            try database.syncSessions(sessions, now: now)
        }

        func publish(_ claim: Claim) {
            #expect(outbox[claim.seq] == nil, "seq \(claim.seq) published twice")
            outbox[claim.seq] = SimulatedStatus(postID: claim.postID, part: claim.part, kind: claim.statusKind.rawValue,
                                                text: claim.text)
        }

        for _ in 0..<150 {
            await Task.yield()  // let other suites' tasks run between two synchronous database steps
            now = now.addingTimeInterval(Double.random(in: 5...40, using: &random))
            if Int.random(in: 0..<3, using: &random) == 0 {
                posts += 1
                let parts = (0..<Int.random(in: 1...3, using: &random)).map { "post \(posts) part \($0)" }
                expectedParts += parts.count
                let author = ["team", "Brian", nil].randomElement(using: &random)!
                authors["p\(posts)"] = author
                try database.acceptFixed(makePost("p\(posts)", parts: parts, targets: [
                    gatedTarget("ceo", at: now),
                ], author: author), now: now)
                continue
            }
            guard let id = try database.nextDue(account: "ceo", now: now),
                  let claim = try database.claim(targetID: id, now: now, sessions: sessions, network: .x)
            else { continue }
            switch Int.random(in: 0..<10, using: &random) {
            case 0:  // temporary failure
                try database.record(claim, result: .temporary(reason: "busy", retryAt: now.addingTimeInterval(45)),
                                    now: now)
            case 1:  // crash after the status left, before it was recorded
                publish(claim)
                try restart()
            case 2:  // crash before it left
                try restart()
            default:
                publish(claim)
                try database.record(claim, result: .published(remoteID: "r\(claim.seq)"), now: now)
            }
        }
        // Drain inside the session, then after its end (the closing).
        now = now.addingTimeInterval(3600)
        precondition(now < session.end)
        try restart()
        for claim in try drain(database, sessions, now: now) { publish(claim) }
        for claim in try drain(database, sessions, now: session.end) { publish(claim) }

        // The outbox has no gap and no duplicate, and matches the database.
        let seqs = outbox.keys.sorted()
        #expect(seqs == Array(1...(seqs.last ?? 0)))
        let published = seqs.map { outbox[$0]! }
        #expect(published.map(\.kind) == (try database.statusKinds(account: "ceo")))
        #expect(published.filter { $0.kind == "post" }.count == expectedParts, "every part published once")
        let keys = published.map { "\($0.postID)/\($0.part)" }
        #expect(Set(keys).count == keys.count)

        // Every status here went out during the session (then the closing): positions are outbox positions.
        #expect(published.first?.kind == "announcement")
        #expect(published.last?.kind == "closing")
        for (index, status) in published.enumerated().dropFirst().dropLast() {
            let position = index + 1
            #expect((status.kind == "reminder") == (position % every == 0),
                    "seed \(seed), every \(every): position \(position) is \(status.kind)")
            if status.kind == "reminder" { #expect(status.postID == "s-show-r\(position)") }
        }
        // #team exactly on the team's posts (all short enough here).
        for status in published where status.kind == "post" {
            let tagged = status.text.hasSuffix(" #team")
            #expect(tagged == (authors[status.postID] == "team"), "\(status)")
        }
        let summary = try database.sessionSummary(session)
        #expect(summary.published == published.count)
        #expect(summary.untagged == 0)
    }
}
