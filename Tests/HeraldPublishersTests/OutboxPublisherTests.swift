import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers
#if canImport(Glibc)
import Glibc
#endif

@Suite struct OutboxPublisherTests {
    /// 2026-11-23T14:00:05.250Z
    let publishedAt = Date(timeIntervalSince1970: 1_795_442_405.25)

    func contents(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func writesExactlyTheContractFieldsWithTheirTypes() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = root.appendingPathComponent("outbox/brand")
            let outbox = OutboxPublisher(directory: directory, account: "brand")
            let text = "We \"quote\", slash / back\\slash,\nnew line, tab\t, emoji 🎉, control \u{1}"
            let outcome = await outbox.publish(makeStatus(text: text), now: publishedAt)
            #expect(outcome == .published(remoteID: "brand-00000001"))

            let data = try Data(contentsOf: directory.appendingPathComponent("00000001.json"))
            #expect(data.last == UInt8(ascii: "\n"))
            #expect(data.dropLast().contains(UInt8(ascii: "\n")) == false, "one line of JSON")
            let object = try jsonObject(data)
            #expect(Set(object.keys) == [
                "seq", "id", "post_id", "part", "in_reply_to", "text", "scheduled_at", "published_at", "author",
                "kind",
            ])
            #expect(isNumber(object["seq"]) && object["seq"] as? Int == 1)
            #expect(object["id"] as? String == "brand-00000001")
            #expect(object["post_id"] as? String == "post-1")
            #expect(isNumber(object["part"]) && object["part"] as? Int == 0)
            #expect(object["in_reply_to"] is NSNull)
            #expect(object["text"] as? String == text)
            #expect(object["scheduled_at"] as? String == "2026-11-23T14:00:00Z")
            #expect(object["published_at"] as? String == "2026-11-23T14:00:05.250Z")
            #expect(object["author"] is NSNull)
            #expect(object["kind"] as? String == "post")
            // Both times are RFC 3339 and mean what was given.
            #expect(RFC3339.date(from: object["scheduled_at"] as? String ?? "") == makeStatus().scheduledAt)
            #expect(RFC3339.date(from: object["published_at"] as? String ?? "") == publishedAt)
            #expect(try OutboxRecord.decode(data) == OutboxRecord(
                status: makeStatus(text: text), id: "brand-00000001", publishedAt: publishedAt))
        }
    }

    @Test func writesReplyAuthorAndKind() async throws {
        try await withTemporaryDirectory { root async throws in
            let outbox = OutboxPublisher(directory: root, account: "ceo")
            let status = makeStatus(
                seq: 12, postID: "p9", part: 1, partCount: 3, account: "ceo", inReplyTo: "ceo-00000011",
                author: "team", kind: .reminder)
            #expect(await outbox.publish(status, now: publishedAt) == .published(remoteID: "ceo-00000012"))
            let object = try jsonObject(Data(contentsOf: root.appendingPathComponent("00000012.json")))
            #expect(object["in_reply_to"] as? String == "ceo-00000011")
            #expect(object["author"] as? String == "team")
            #expect(object["kind"] as? String == "reminder")
            #expect(object["part"] as? Int == 1)
            #expect(object["seq"] as? Int == 12)
        }
    }

    @Test func namesFilesBySeqAndLeavesNoTempFile() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = root.appendingPathComponent("state/outbox/brand")
            let outbox = OutboxPublisher(directory: directory, account: "brand")
            for (seq, post) in [(1, "a"), (2, "b"), (10, "c"), (123_456_789, "d")] {
                let outcome = await outbox.publish(makeStatus(seq: seq, postID: post), now: publishedAt)
                #expect(outcome == .published(remoteID: OutboxPublisher.remoteID(account: "brand", seq: seq)))
            }
            #expect(try contents(of: directory) == [
                "00000001.json", "00000002.json", "00000010.json", "123456789.json",
            ])
            var info = stat()
            #expect(stat(directory.path, &info) == 0)
            #expect(info.st_mode & 0o7777 == 0o750)
            #expect(stat(directory.appendingPathComponent("00000002.json").path, &info) == 0)
            #expect(info.st_mode & 0o400 != 0 && info.st_mode & 0o022 == 0, "0644 less the umask")
        }
    }

    @Test func replacesATempFileLeftByACrash() async throws {
        try await withTemporaryDirectory { root async throws in
            let stale = root.appendingPathComponent(".00000003.json.tmp")
            try Data("{\"half\":".utf8).write(to: stale)
            let outbox = OutboxPublisher(directory: root, account: "brand")
            let outcome = await outbox.publish(makeStatus(seq: 3), now: publishedAt)
            #expect(outcome == .published(remoteID: "brand-00000003"))
            #expect(try contents(of: root) == ["00000003.json"])
            #expect(try OutboxRecord.decode(Data(contentsOf: root.appendingPathComponent("00000003.json"))).seq == 3)
        }
    }

    /// A link planted at the temp name (as a submitter could in the spool's incoming/) is replaced, never followed:
    /// what it points to keeps its content.
    @Test func aLinkPlantedAtTheTempNameIsNeverFollowed() async throws {
        try await withTemporaryDirectory { root async throws in
            let victim = root.appendingPathComponent("victim")
            try Data("precious".utf8).write(to: victim)
            let final = root.appendingPathComponent("item.post")
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent(".item.post.tmp"), withDestinationURL: victim)
            try AtomicFile.write(Data("Hello".utf8), to: final, mode: 0o644)
            #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
            #expect(try String(contentsOf: final, encoding: .utf8) == "Hello")
            var info = stat()
            #expect(lstat(final.path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_mode & 0o777 == 0o644)
        }
    }

    @Test func republishingTheSameStatusIsIdempotent() async throws {
        try await withTemporaryDirectory { root async throws in
            let outbox = OutboxPublisher(directory: root, account: "brand")
            let status = makeStatus(seq: 4, postID: "p", part: 1, partCount: 2)
            #expect(await outbox.publish(status, now: publishedAt) == .published(remoteID: "brand-00000004"))
            let file = root.appendingPathComponent("00000004.json")
            let first = try Data(contentsOf: file)
            let again = await outbox.publish(status, now: publishedAt.addingTimeInterval(3600))
            #expect(again == .published(remoteID: "brand-00000004"))
            #expect(try Data(contentsOf: file) == first, "the file is not rewritten")
            #expect(try contents(of: root) == ["00000004.json"])
        }
    }

    @Test(arguments: [("other-post", 0), ("post-1", 1)])
    func aSeqHeldByAnotherStatusIsAPermanentConflict(postID: String, part: Int) async throws {
        try await withTemporaryDirectory { root async throws in
            let outbox = OutboxPublisher(directory: root, account: "brand")
            let first = await outbox.publish(makeStatus(seq: 5), now: publishedAt)
            #expect(first == .published(remoteID: "brand-00000005"))
            let file = root.appendingPathComponent("00000005.json")
            let before = try Data(contentsOf: file)
            let other = makeStatus(seq: 5, postID: postID, part: part, partCount: 2, text: "different")
            let outcome = await outbox.publish(other, now: publishedAt)
            guard case .permanent(let reason) = outcome else {
                Issue.record("expected a permanent conflict, got \(outcome)")
                return
            }
            #expect(reason.contains("00000005.json") && reason.contains("not overwritten"))
            #expect(try Data(contentsOf: file) == before)
            #expect(try contents(of: root) == ["00000005.json"])
        }
    }

    @Test func aForeignFileAtTheSeqIsNeverOverwritten() async throws {
        try await withTemporaryDirectory { root async throws in
            let file = root.appendingPathComponent("00000006.json")
            try Data("not json at all".utf8).write(to: file)
            let outbox = OutboxPublisher(directory: root, account: "brand")
            let outcome = await outbox.publish(makeStatus(seq: 6), now: publishedAt)
            guard case .permanent(let reason) = outcome else {
                Issue.record("expected permanent, got \(outcome)")
                return
            }
            #expect(reason.contains("not an outbox record"))
            #expect(try String(contentsOf: file, encoding: .utf8) == "not json at all")
            #expect(await outbox.resolve(makeStatus(seq: 6)) == .notPublished)
        }
    }

    @Test func resolveFindsPublishedStatusesOnly() async throws {
        try await withTemporaryDirectory { root async throws in
            let outbox = OutboxPublisher(directory: root.appendingPathComponent("missing/yet"), account: "brand")
            let status = makeStatus(seq: 7, postID: "p7", part: 2, partCount: 3)
            #expect(await outbox.resolve(status) == .notPublished, "no directory yet")
            #expect(await outbox.publish(status, now: publishedAt) == .published(remoteID: "brand-00000007"))
            #expect(await outbox.resolve(status) == .published(remoteID: "brand-00000007"))
            #expect(await outbox.resolve(makeStatus(seq: 8, postID: "p7")) == .notPublished, "no file for seq 8")
            #expect(await outbox.resolve(makeStatus(seq: 7, postID: "p8")) == .notPublished, "another post")
            #expect(await outbox.resolve(makeStatus(seq: 7, postID: "p7", part: 1, partCount: 3)) == .notPublished)
        }
    }

    @Test func fileSystemErrorsAreTemporaryWithTheReason() async throws {
        try await withTemporaryDirectory { root async throws in
            let blocker = root.appendingPathComponent("state")
            try Data("a file where a directory should be".utf8).write(to: blocker)
            let outbox = OutboxPublisher(directory: blocker.appendingPathComponent("outbox/brand"), account: "brand")
            let outcome = await outbox.publish(makeStatus(), now: publishedAt)
            guard case .temporary(let reason, let retryAfter) = outcome else {
                Issue.record("expected temporary, got \(outcome)")
                return
            }
            #expect(retryAfter == nil)
            #expect(reason.contains("Not a directory") || reason.contains("is not a directory"))
            #expect(reason.contains(blocker.path))
        }
    }

    @Test(.enabled(if: getuid() != 0, "root is not refused by file modes"))
    func aDirectoryWithoutWritePermissionIsTemporary() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = root.appendingPathComponent("outbox")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            chmod(directory.path, 0o555)
            defer { chmod(directory.path, 0o755) }
            let outcome = await OutboxPublisher(directory: directory, account: "brand")
                .publish(makeStatus(), now: publishedAt)
            guard case .temporary(let reason, _) = outcome else {
                Issue.record("expected temporary, got \(outcome)")
                return
            }
            #expect(reason.contains("Permission denied"))
        }
    }

    @Test func refusesInvalidStatusesAndOtherAccounts() async throws {
        try await withTemporaryDirectory { root async throws in
            let outbox = OutboxPublisher(directory: root, account: "brand")
            for status in [makeStatus(seq: 0), makeStatus(part: 2, partCount: 2), makeStatus(account: "support")] {
                let outcome = await outbox.publish(status, now: publishedAt)
                guard case .permanent = outcome else {
                    Issue.record("expected permanent for \(status), got \(outcome)")
                    continue
                }
            }
            #expect(try contents(of: root).isEmpty)
        }
    }

    @Test func concurrentPublishesOfOneSeqAgreeOnOneFile() async throws {
        try await withTemporaryDirectory { root async throws in
            let outbox = OutboxPublisher(directory: root, account: "brand")
            let outcomes = await withTaskGroup(of: PublishOutcome.self) { group in
                for index in 0..<16 {
                    let status = makeStatus(seq: 1, postID: "same", text: "attempt \(index)")
                    group.addTask { await outbox.publish(status, now: Date()) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0 == .published(remoteID: "brand-00000001") }, "\(outcomes)")
            #expect(try contents(of: root) == ["00000001.json"])
        }
    }

    @Test func concurrentPublishesOfManySeqs() async throws {
        try await withTemporaryDirectory { root async throws in
            let outbox = OutboxPublisher(directory: root.appendingPathComponent("fresh"), account: "brand")
            let outcomes = await withTaskGroup(of: PublishOutcome.self) { group in
                for seq in 1...50 {
                    group.addTask { await outbox.publish(makeStatus(seq: seq, postID: "p\(seq)"), now: Date()) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == 50)
            #expect(outcomes.allSatisfy { if case .published = $0 { true } else { false } })
            #expect(try contents(of: root.appendingPathComponent("fresh")).count == 50)
        }
    }
}
