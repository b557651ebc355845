import Foundation
import HeraldCore
import GRDB
import HeraldTestSupport
import Testing

@testable import HeraldStore

/// A fresh state directory holding a real SQLite file, removed when the test lets go of it; or, when the suite
/// runs on PostgreSQL (`HERALD_TEST_STORE=postgres`, make test's second pass over this target), a fresh
/// database on the tests' PostgreSQL server, dropped likewise.
final class Scratch: Sendable {
    private let temporary: TemporaryDirectory
    private let postgres: TestPostgresDatabase?
    var directory: String { temporary.path }

    init() throws {
        temporary = try TemporaryDirectory("herald-store")
        postgres = TestStore.onPostgres ? try TestPostgresDatabase() : nil
    }

    var databasePath: String { AppDatabase.path(inStateDirectory: directory) }

    /// Opens the database; a second call is a second process's view (the daemon and the CLI, or another node).
    func open() throws -> AppDatabase {
        if let postgres { return try AppDatabase(postgres: postgres.location, password: postgres.password) }
        return try AppDatabase(path: databasePath)
    }
}

/// Which backend this run of the store's tests exercises. Tests about SQLite itself (its file, its pragmas, its
/// upgrades from older schemas) run in the SQLite pass only.
enum TestStore {
    static let variable = "HERALD_TEST_STORE"
    static let onPostgres = ProcessInfo.processInfo.environment[variable] == "postgres"
    static let onSQLite = !onPostgres
}

/// Fixed instants: nothing in these tests reads the wall clock.
enum When {
    /// 2026-11-23T14:00:00Z.
    static let t0 = Date(timeIntervalSince1970: 1_795_442_400)

    /// `t0` plus some minutes.
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
}

/// One target on `account` at `minutes` after `t0`, or to be placed when `minutes` is nil.
func target(_ account: String, at minutes: Double? = nil) -> GatedTarget {
    gatedTarget(account, at: minutes.map(When.at))
}

/// A target as the policy gate leaves it, on a bare account named `account` (the store reads only the name, the
/// instants and the outcome): `hold` and `rejection` give the outcome.
func gatedTarget(
    _ account: String, at: Date? = nil, notBefore: Date? = nil, notAfter: Date? = nil, hold: String? = nil,
    rejection: String? = nil
) -> GatedTarget {
    let outcome: GatedTarget.Outcome = rejection.map { .reject($0) } ?? hold.map { .hold($0) } ?? .go
    let target = PostTarget(account: Account(name: account), at: at, notBefore: notBefore, notAfter: notAfter,
                            language: "en")
    return GatedTarget(target, outcome: outcome)
}

func makePost(
    _ id: String, parts: [String] = ["hello"], targets: [GatedTarget], submitterID: String? = nil,
    spoolKey: String? = nil, author: String? = "alice", kind: StoredKind = .post, language: String? = "en",
    inReplyTo: String? = nil
) -> NewPost {
    NewPost(
        id: id, submitterID: submitterID, fileName: "\(id).post", spoolKey: spoolKey ?? "key-\(id)", ownerUID: 1000,
        content: Array("Account: x\n\n\(parts.joined(separator: "\n---\n"))\n".utf8), author: author, kind: kind,
        language: language, inReplyTo: inReplyTo, parts: parts, targets: targets
    )
}

/// A `place` closure for posts whose targets all carry an explicit `At:`.
func mustNotPlace(_ target: GatedTarget, _ occupied: [Date]) -> Date? {
    Issue.record("place called for \(target.account) although every target has an explicit time")
    return nil
}

extension AppDatabase {
    /// Accepts a post whose targets all have explicit instants and expects it to be committed.
    @discardableResult
    func acceptFixed(_ post: NewPost, now: Date = When.t0) throws -> [Date] {
        let outcome = try accept(post, now: now, place: mustNotPlace)
        guard case let .accepted(scheduled) = outcome else {
            Issue.record("expected \(post.id) to be accepted, got \(outcome)")
            return []
        }
        return scheduled
    }

    /// The single target of `postID` on `account`.
    func targetID(_ postID: String, _ account: String) throws -> Int64 {
        let id = try read { db in
            try db.fetchValue(Int64.self, sql: "SELECT id FROM targets WHERE post_id = ? AND account = ?",
                              arguments: [postID, account])
        }
        return try #require(id)
    }

    /// Claims a target that must be claimable.
    func mustClaim(_ targetID: Int64, now: Date) throws -> Claim {
        try #require(try claim(targetID: targetID, now: now))
    }

    /// A raw row of the database, for checking what was written.
    func row(_ sql: String, _ arguments: SQLArguments = []) throws -> Row? {
        try read { db in try db.fetchOne(sql: sql, arguments: arguments) }
    }

    func rows(_ sql: String, _ arguments: SQLArguments = []) throws -> [Row] {
        try read { db in try db.fetchAll(sql: sql, arguments: arguments) }
    }

    func count(_ table: String) throws -> Int {
        try read { db in try db.fetchValue(Int.self, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    /// Row counts of every table, to prove an operation changed nothing.
    func tableCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["posts", "post_parts", "targets", "statuses", "attempts", "events"] {
            counts[table] = try count(table)
        }
        return counts
    }

    func state(_ targetID: Int64) throws -> TargetState? {
        let raw = try read { db in
            try db.fetchValue(String.self, sql: "SELECT state FROM targets WHERE id = ?", arguments: [targetID])
        }
        return raw.flatMap(TargetState.init(rawValue:))
    }

    /// The event kinds recorded for a post, oldest first.
    func eventKinds(_ postID: String) throws -> [String] {
        try events(postID: postID).map(\.event)
    }
}
