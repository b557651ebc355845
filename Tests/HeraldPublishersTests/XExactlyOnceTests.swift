import Foundation
import HeraldCore
import HeraldTestSupport
import Testing
@testable import HeraldPublishers

/// ``XPublisher``'s exactly-once rules against `fake_x.py`: no POST without a complete look-up after an unknown
/// outcome, interrupted attempts stay unknown while X's timeline lags, and reloads share the unknown outcomes.
@Suite struct XExactlyOnceTests {
    @Test(arguments: [503, 429])
    func aFailedLookUpAfterAnUnknownOutcomeSendsNoSecondPost(_ httpStatus: Int) async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            let status = makeXStatus()
            try await fake.inject([["path": "/2/tweets", "kind": "drop"]])
            guard case .temporary = await publisher.publish(status, now: Date()) else {
                Issue.record("expected temporary")
                return
            }
            try await fake.inject([["path": "/2/users/42/tweets", "kind": "status", "status": httpStatus]])
            let second = await publisher.publish(status, now: Date())
            guard case .temporary(let reason, _) = second else { Issue.record("expected temporary: \(second)"); return }
            #expect(reason.contains("looking it up failed"))
            #expect(try await fake.requestCount("POST /2/tweets") == 1)
            #expect(try await fake.statuses().count == 1)
            // Once the timeline answers, the post is found: still one POST.
            let third = await publisher.publish(status, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(third == .published(remoteID: posts.first?["id"] as? String ?? "?"))
            #expect(try await fake.requestCount("POST /2/tweets") == 1)
        }
    }

    /// A crash during the POST loses the process's memory of the attempt (a fresh state directory here); the
    /// timeline does not list the post yet when the restarted daemon resolves and republishes it.
    @Test func anInterruptedAttemptStaysUnknownWhileTheTimelineLags() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { crashed in
            try await withTemporaryDirectory { state in
                let status = makeXStatus()
                try await fake.inject([["path": "/2/tweets", "kind": "drop"]])
                guard case .temporary = await (try makeXPublisher(fake, state: crashed)).publish(status, now: Date())
                else {
                    Issue.record("expected temporary")
                    return
                }
                try await fake.control("POST", "/_control/lag", json: ["requests": 2])
                let restarted = try makeXPublisher(fake, state: state)
                #expect(await restarted.resolve(status) == .notPublished)
                let outcome = await restarted.publish(status, now: Date())
                let posts = try await fake.statuses()
                #expect(posts.count == 1)
                #expect(outcome == .published(remoteID: posts.first?["id"] as? String ?? "?"))
                #expect(await restarted.state.isUnknown(status.idempotencyKey) == false)
            }
        }
    }

    @Test func twoPublishersOnOneStateDirectoryShareTheUnknownOutcomes() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let old = try makeXPublisher(fake, state: state)
            let reloaded = try makeXPublisher(fake, state: state)
            #expect(await reloaded.state.isUnknown("post-9#0") == false)  // the reloaded one has read the file
            await old.state.markUnknown("post-8#0")
            await reloaded.state.markUnknown("post-9#0")
            #expect(await reloaded.state.isUnknown("post-8#0"))
            #expect(await old.state.isUnknown("post-9#0"))
            let saved = try JSONDecoder().decode(
                [String].self, from: Data(contentsOf: state.appendingPathComponent("x-unknown-outcomes.json")))
            #expect(saved == ["post-8#0", "post-9#0"])
        }
    }

    @Test func aPostWithMediaAndEscapedCharactersIsFoundByTheLookUp() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let image = state.appendingPathComponent("chart.png")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).write(to: image)
            let publisher = try makeXPublisher(fake, state: state)
            let status = makeXStatus(
                "Q&A <live> \(UUID().uuidString.prefix(8)) -> https://example.com/a?b=c&d=e",
                media: [MediaAttachment(path: image.path, alt: "Chart", allowedDirectories: [state.path])])
            try await fake.inject([["path": "/2/tweets", "kind": "drop"]])
            guard case .temporary = await publisher.publish(status, now: Date()) else {
                Issue.record("expected temporary")
                return
            }
            let retry = await publisher.publish(status, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 1)
            #expect(retry == .published(remoteID: posts.first?["id"] as? String ?? "?"))
            #expect(try await fake.requestCount("POST /2/tweets") == 1)
        }
    }

    @Test func aReplyTargetGivenAsAnAddressIsSentAsItsID() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            guard case .published(let first) = await publisher.publish(makeXStatus(), now: Date()) else {
                Issue.record("first post not published")
                return
            }
            let reply = makeXStatus(postID: "post-2", inReplyTo: "https://x.com/brand/status/\(first)?s=20")
            let outcome = await publisher.publish(reply, now: Date())
            let posts = try await fake.statuses()
            #expect(posts.count == 2)
            #expect(outcome == .published(remoteID: posts.last?["id"] as? String ?? "?"))
            #expect(posts.last?["in_reply_to"] as? String == first)
            // The look-up compares the reply target by id too.
            #expect(await publisher.lookUp(reply, now: Date()) == .found(id: posts.last?["id"] as? String ?? "?"))
        }
    }

    @Test func aReplyTargetThatNamesNoPostIsPermanent() async throws {
        let fake = try await FakeServer.start("fake_x.py")
        try await withTemporaryDirectory { state in
            let publisher = try makeXPublisher(fake, state: state)
            let outcome = await publisher.publish(makeXStatus(inReplyTo: "https://example.com/status/12"), now: Date())
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent: \(outcome)"); return }
            #expect(reason.contains("https://example.com/status/12"))
            #expect(try await fake.requestCount("POST /2/tweets") == 0)
        }
    }
}
