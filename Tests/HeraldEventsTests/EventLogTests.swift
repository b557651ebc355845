import Foundation
import HeraldCore
import Logging
import Testing
@testable import HeraldEvents

@Suite("EventLog")
struct EventLogTests {
    @Test("every event and daemon message has its own MESSAGE_ID: 32 lowercase hex digits")
    func messageIDs() {
        let ids = PostEvent.allCases.map(\.messageID) + DaemonMessage.allCases.map(\.messageID)
            + AccountEvent.allCases.map(\.messageID) + FeedEvent.allCases.map(\.messageID)
            + NotifyLogEvent.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(id)")
        }
        #expect(PostEvent.published.messageID == "aada030b617d4ce7807ab110796e011c")
        #expect(DaemonMessage.reloadFailed.rawValue == "reload-failed")
    }

    @Test("a post event carries HERALD_EVENT, MESSAGE_ID, the post, the account and the extra fields")
    func postEvent() throws {
        let recorder = LogRecorder()
        recorder.events.post(.rejected, "post rejected", postID: "7k2m9x4q1c", account: "brand", level: .warning,
                             extra: ["HERALD_REASON": "too long"])
        let entry = try #require(recorder.entries.first)
        #expect(recorder.entries.count == 1)
        #expect(entry.level == .warning && entry.message == "post rejected")
        #expect(entry.metadata == [
            "HERALD_EVENT": "rejected", "message_id": "12adef49ac2a4e7ca20214bbc37e629e",
            "HERALD_POST_ID": "7k2m9x4q1c", "HERALD_ACCOUNT": "brand", "HERALD_REASON": "too long",
        ])
    }

    @Test("a feed event carries HERALD_EVENT, MESSAGE_ID, the feed and its account")
    func feedEvent() throws {
        let recorder = LogRecorder()
        recorder.events.feed(.failed, "feed poll failed", feed: "blog", account: "brand", level: .warning,
                             extra: ["HERALD_REASON": "HTTP 404"])
        let entry = try #require(recorder.entries.first)
        #expect(entry.level == .warning)
        #expect(entry.metadata == [
            "HERALD_EVENT": "feed-failed", "message_id": "f10494c609624d2ba61975dba39df874", "HERALD_FEED": "blog",
            "HERALD_ACCOUNT": "brand", "HERALD_REASON": "HTTP 404",
        ])
    }

    @Test("without a post or an account, their fields are left out; the level defaults to info")
    func postEventWithoutIDs() throws {
        let recorder = LogRecorder()
        recorder.events.post(.missed, "post missed", postID: nil)
        let entry = try #require(recorder.entries.first)
        #expect(entry.level == .info)
        #expect(entry.metadata == ["HERALD_EVENT": "missed", "message_id": "f839128f98f741bd847881a5152413ea"])
    }

    @Test("a daemon message carries its MESSAGE_ID and no HERALD_EVENT")
    func daemonMessage() throws {
        let recorder = LogRecorder()
        recorder.events.daemon(.stopping, "herald stopping", extra: ["HERALD_QUEUED": "3"])
        let entry = try #require(recorder.entries.first)
        #expect(entry.metadata == ["message_id": "3e857f0786f34fc48992f3d999678f0a", "HERALD_QUEUED": "3"])
    }

    @Test("the policy in force is one entry per summary line; its warnings are logged as warnings")
    func policyInForce() {
        var policy = PolicyConfiguration()
        policy.warnings = ["/etc/herald/policy/terms.txt: no confidential terms"]
        let accounts = [Account(name: "brand")]
        let recorder = LogRecorder()
        recorder.events.policy(policy, accounts: accounts)
        let lines = policy.summary(accounts: accounts)
        #expect(recorder.entries.map { $0.metadata["HERALD_POLICY"] } == lines.map { .string($0) })
        #expect(recorder.entries.allSatisfy { $0.metadata["message_id"] == "02c058e853f94424866bdaaaa749cfe2" })
        #expect(recorder.entries.map(\.level) == lines.map { $0.hasPrefix("warning: ") ? .warning : .info })
        #expect(recorder.entries.last?.message == "policy warning")
        #expect(recorder.entries.first?.message == "policy in force")
    }
}

/// Keeps what an `EventLog` logs, to look at afterwards.
private final class LogRecorder: @unchecked Sendable {  // entries guarded by lock
    struct Entry {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var recorded: [Entry] = []

    var entries: [Entry] { lock.withLock { recorded } }

    var events: EventLog {
        EventLog(logger: Logger(label: "test") { _ in Handler(recorder: self) })
    }

    fileprivate func append(_ entry: Entry) { lock.withLock { recorded.append(entry) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append(Entry(level: event.level, message: event.message.description,
                                  metadata: event.metadata ?? [:]))
        }
    }
}
